"""GET /health reports database and Redis reachability."""
from siete import create_app
from siete.config import TestConfig


def test_healthy_when_database_and_redis_answer(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_503_when_redis_is_unreachable():
    config = TestConfig()
    config.REDIS_URL = "redis://127.0.0.1:1/0"
    response = create_app(config).test_client().get("/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "degraded" and body["database"] == "ok" and body["redis"].startswith("error")


def test_503_when_database_is_unreachable():
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = "postgresql://postgres@127.0.0.1:1/none"
    response = create_app(config).test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("error")
