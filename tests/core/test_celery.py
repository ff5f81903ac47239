"""Celery is bound to the app: a real worker on the real Redis broker runs tasks in the Flask context."""
from celery.contrib.testing.worker import start_worker


def test_ping_runs_on_a_real_worker_inside_the_app_context(app):
    celery = app.extensions["celery"]
    assert celery.conf.broker_url.startswith("redis://")
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = celery.send_task("siete.ping")
        assert result.get(timeout=20) == {"pong": True, "app": app.name}
