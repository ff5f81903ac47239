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


def test_pipeline_reliability_settings(monkeypatch):
    from siete.ai.openai_client import worst_case_seconds

    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.delenv("PIPELINE_TIME_SCALE", raising=False)
    config = Config()
    celery = config.CELERY
    assert celery["task_acks_late"] and celery["task_reject_on_worker_lost"]
    assert celery["worker_prefetch_multiplier"] == 1
    assert celery["worker_cancel_long_running_tasks_on_connection_loss"] is True
    assert celery["accept_content"] == ["json"] and celery["task_serializer"] == "json"
    hard_limits = [a["time_limit"] for a in celery["task_annotations"].values()]
    for options in (celery["broker_transport_options"], celery["result_backend_transport_options"]):
        assert options["visibility_timeout"] >= 2 * max(hard_limits)
    assert celery["broker_transport_options"]["unacked_restore_interval"] <= 5
    assert celery["broker_transport_options"]["unacked_restore_throttle"] == 1
    for name in ("analyze", "transcribe"):
        soft = celery["task_annotations"][f"siete.pipeline.{name}"]["soft_time_limit"]
        assert worst_case_seconds(timeout=config.OPENAI_TIMEOUT, max_retries=config.OPENAI_MAX_RETRIES) < soft
    routes = celery["task_routes"]
    assert routes["siete.pipeline.analyze"]["queue"] == "ai"
    assert routes["siete.pipeline.extract_audio"]["queue"] == "media"
    assert routes["siete.pipeline.transcribe"]["queue"] == "media"  # local ASR is CPU work


def test_openai_transcription_runs_on_the_ai_queue(monkeypatch):
    monkeypatch.setenv("TRANSCRIBER", "openai")
    assert Config().CELERY["task_routes"]["siete.pipeline.transcribe"]["queue"] == "ai"


def test_embedded_broker_folders_exist_once_the_app_is_built(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SIETE_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIETE_VAR_DIR", str(tmp_path / "var"))
    app = create_app(Config())
    options = app.config["CELERY"]["broker_transport_options"]
    for key in ("data_folder_in", "processed_folder", "control_folder"):
        assert (tmp_path / "var").joinpath(options[key]).is_dir()
    with app.app_context():
        app.extensions["celery"].send_task("siete.ping")  # publishing works on a fresh var dir
