"""Configuration: production refuses unsafe defaults; the embedded default needs no servers."""
import pytest

from siete import create_app
from siete.config import DEFAULT_SECRET, Config


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("SIETE_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/siete")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.delenv("JWT_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app(Config())
    monkeypatch.setenv("JWT_SECRET_KEY", DEFAULT_SECRET)
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app(Config())


def test_production_starts_with_real_secrets_and_services(monkeypatch):
    monkeypatch.setenv("SIETE_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/siete")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("JWT_SECRET_KEY", "k" * 48)
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    assert create_app(Config()).config["JWT_SECRET_KEY"] == "k" * 48


def test_embedded_default_uses_sqlite_and_a_serverless_broker(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SIETE_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIETE_VAR_DIR", str(tmp_path))
    config = Config()
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert config.CELERY["broker_url"] == "filesystem://"
    assert config.RATELIMIT_STORAGE_URI == "memory://"
