"""Shared fixtures: one migrated PostgreSQL schema per session, a SAVEPOINT-isolated session per test."""
import functools

import pytest
import redis
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from siete import create_app
from siete.config import TestConfig
from siete.core import tenancy
from siete.extensions import db, limiter

pytest_plugins = ["tests.factories", "tests.fakes.smtp"]  # factories; the `smtp` fixture


@functools.cache
def shared_app():
    """One app for the whole run (building it touches no database)."""
    app = create_app(TestConfig())
    app.extensions["siete_test_limiter"] = (limiter._storage, limiter._limiter)  # see session_celery_app
    return app


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = shared_app()
    app.config["MEDIA_ROOT"] = tmp_path_factory.mktemp("media")  # ids restart with each fresh schema
    app.extensions.pop("siete_storage", None)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
    return app


@pytest.fixture(autouse=True)
def session_celery_app():
    """Tasks go through the session app's Celery: building another app (the e2e fixture, the pipeline benchmark's
    smoke test with its private Redis) makes that one the default, and later tests would send to it."""
    celery = shared_app().extensions["celery"]
    celery.set_default()
    celery.set_current()
    # One Limiter per process: an e2e app built since (on its own, maybe stopped, Redis) rebinds its storage.
    limiter._storage, limiter._limiter = shared_app().extensions["siete_test_limiter"]


@pytest.fixture
def db_session(app):
    """Every test runs in a transaction rolled back at the end; service commits become SAVEPOINTs."""
    with app.app_context():
        engines = db._app_engines[app]
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        redis.Redis.from_url(app.config["REDIS_URL"]).flushdb()
        try:
            yield db.session
        finally:
            try:
                db.session.remove()
                outer.rollback()
                connection.close()
            finally:
                engines[None] = engine  # even when the rollback fails (a dropped connection), or every later test
                # finds a Connection where the engine belongs


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, hence its own session, as in production."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app, db_session):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def system_scope():
    """Cross-tenant reads for assertions; requests never run inside it (they set their own scope)."""
    with tenancy.system_scope():
        yield
