"""The README's run command on the embedded default (no DATABASE_URL, no REDIS_URL) reaches a completed
analysis of the sample video while the API keeps serving /docs."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def servers():
    """A scratch PostgreSQL database and Redis db 10, for the run command pointed at real services."""
    from sqlalchemy import create_engine, text

    admin = create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS siete_run_check WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE siete_run_check"))
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/10").flushdb()
    yield {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/siete_run_check",
           "REDIS_URL": "redis://127.0.0.1:6379/10"}
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS siete_run_check WITH (FORCE)"))
    admin.dispose()


def test_run_command_uses_postgresql_and_redis_when_they_are_set(tmp_path, servers):
    from sqlalchemy import create_engine, text

    _run_demo(tmp_path, servers)
    engine = create_engine(servers["DATABASE_URL"])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM evaluations")).scalars().all() == ["completed"]
    engine.dispose()
    assert not (tmp_path / "var" / "siete.sqlite").exists()


def test_run_command_shows_the_finished_analysis(tmp_path):
    _run_demo(tmp_path, {})
    assert (tmp_path / "var" / "siete.sqlite").exists()


def _run_demo(tmp_path, extra_env):
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    env.update(SIETE_VAR_DIR=str(tmp_path / "var"), PORT=str(port), VENV=str(Path(sys.executable).parent.parent),
               **extra_env)
    log = tmp_path / "run.log"
    process = subprocess.Popen(["bash", "scripts/run_embedded.sh"], cwd=ROOT, env=env, stdout=open(log, "wb"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and "analysis ready" not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text()
            time.sleep(0.5)
        output = log.read_text(errors="replace")
        assert "analysis ready" in output, output[-3000:]
        assert "Resumen ejecutivo" in output and "KPIs: IOC" in output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/docs", timeout=10) as docs:
            assert docs.status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
