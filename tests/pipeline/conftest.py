"""End-to-end pipeline fixtures: a committed PostgreSQL database, a Redis broker, and real worker processes.

The database is named after the test database (`<name>_e2e`); the broker is a redis-server of the session's own
(TEST_E2E_REDIS_URL when none is installed), so two runs, or another suite's worker, do not step on each other."""
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from siete import create_app
from siete.config import Config, TestConfig
from tests.pipeline.helpers import patient

ROOT = Path(__file__).resolve().parents[2]
E2E_REDIS = os.environ.get("TEST_E2E_REDIS_URL", "redis://127.0.0.1:6379/13")
BASE_ENV = {
    "REDIS_URL": E2E_REDIS,
    "TRANSCRIBER": "local",
    "ANALYZER": "heuristic",
    "PIPELINE_RETRY_BACKOFF_BASE": "0.2",
    "PIPELINE_RETRY_BACKOFF_MAX": "1",
    "PIPELINE_MAX_RETRIES": "3",
    "OPENAI_TIMEOUT": "3",
    "OPENAI_MAX_RETRIES": "0",
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST": "1024",
}


@pytest.fixture(scope="session")
def e2e_database():
    base = make_url(TestConfig().SQLALCHEMY_DATABASE_URI)
    name = f"{base.database}_e2e"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def e2e_redis_url(tmp_path_factory):
    """The pipeline tests' broker: a redis-server of this session's own when one is installed, so that no other
    suite's long-lived worker on TEST_E2E_REDIS_URL (the console's session stack runs one) takes their messages."""
    if not shutil.which("redis-server"):
        yield E2E_REDIS
        return
    from bench.pipeline.infra import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("e2e-redis"), persist=False, db=0).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def e2e(e2e_database, e2e_redis_url, tmp_path, monkeypatch):
    """An app and worker environment sharing one committed database, media root and broker."""
    yield from _pipeline(e2e_database, tmp_path, monkeypatch, e2e_redis_url)


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free loopback port (never the shared one), without persistence: a
    restart loses every queued and unacked message, the worst case for in-flight late-ack tasks."""
    from bench.pipeline.infra import RedisServer

    server = RedisServer(tmp_path / "redis", persist=False, db=0)
    (tmp_path / "redis").mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def e2e_private_redis(e2e_database, tmp_path, monkeypatch, private_redis):
    """The e2e environment with its broker, results and caches on `private_redis`."""
    yield from _pipeline(e2e_database, tmp_path, monkeypatch, private_redis.url, redis_server=private_redis)


def _pipeline(e2e_database, tmp_path, monkeypatch, redis_url, redis_server=None):
    env = {**BASE_ENV, "REDIS_URL": redis_url, "DATABASE_URL": e2e_database, "MEDIA_ROOT": str(tmp_path / "media"),
           "SIETE_VAR_DIR": str(tmp_path / "var")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = create_app(Config())
    with app.app_context():
        upgrade()
        from siete.extensions import db

        with db.engine.begin() as conn:
            tables = conn.execute(text(
                "SELECT string_agg(quote_ident(tablename), ',') FROM pg_tables "
                "WHERE schemaname='public' AND tablename <> 'alembic_version'")).scalar()
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        redis.Redis.from_url(redis_url).flushdb()
        pipeline = Pipeline(app, env)
        pipeline.redis_server = redis_server
        yield pipeline
        db.session.remove()
        db.engine.dispose()


SETTLED = ("completed", "failed", "in_review")  # where a chain leaves an evaluation until a person acts


class Pipeline:
    """Starts and kills worker processes and waits for evaluations to settle."""

    def __init__(self, app, env):
        self.app, self.env, self.workers = app, env, []

    @contextmanager
    def worker(self, concurrency=2, name=None, **extra_env):
        process = self.start_worker(concurrency, name, **extra_env)
        try:
            yield process
        finally:
            self.stop(process)

    def start_worker(self, concurrency=2, name=None, **extra_env):
        """A prefork worker on every queue; `name` keeps the node name across a restart, as a supervisor would."""
        env = {**os.environ, **self.env, **{k: str(v) for k, v in extra_env.items()}}
        log = open(Path(self.env["SIETE_VAR_DIR"]) / f"worker-{len(self.workers)}.log", "ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", "worker", "-Q", "default,media,ai",
             "-c", str(concurrency), "--pool", "prefork", "-n", f"{name or f'e2e{len(self.workers)}'}@%h",
             "--without-mingle", "--without-gossip", "-l", "INFO"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers.append(process)
        self._wait_ready(process)
        return process

    def _wait_ready(self, process, timeout=None):
        celery = self.app.extensions["celery"]
        deadline = time.monotonic() + (timeout or patient(20))
        while time.monotonic() < deadline:
            assert process.poll() is None, "worker exited during start-up"
            if celery.control.ping(timeout=0.5):
                return
        raise AssertionError("worker did not answer ping")

    def stop(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def kill_hard(self, process):
        """SIGKILL the worker and every pool child at once, as a crashed machine would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    @staticmethod
    def pool_children(process):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def wait_settled(self, ids, timeout=None):
        """Poll until every evaluation is settled: completed, failed or in review (or `timeout`, default patient(60)); {id: row}."""
        from sqlalchemy import select

        from siete.core import tenancy
        from siete.evaluations.models import Evaluation
        from siete.extensions import db

        deadline = time.monotonic() + (timeout or patient(60))
        while True:
            with tenancy.system_scope():
                rows = {e.id: e for e in db.session.scalars(
                    select(Evaluation).where(Evaluation.id.in_(ids)).execution_options(populate_existing=True))}
                db.session.commit()
            if all(r.status in SETTLED for r in rows.values()) or time.monotonic() > deadline:
                return rows
            time.sleep(0.3)
