"""The benchmarks' own PostgreSQL databases: connections with a statement timeout, one run per database at a
time, and the project's migrations applied exactly as the Procfile's release step runs them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench._common import ROOT

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
DEFAULT_TIMEOUT_MS = 30 * 60 * 1000


def dsn(dbname: str) -> str:
    return f"{PG_SERVER}/{dbname}"


def connect(dbname: str, *, autocommit: bool = False, timeout_ms: int = DEFAULT_TIMEOUT_MS):
    return psycopg.connect(dsn(dbname), autocommit=autocommit, connect_timeout=10,
                           options=f"-c statement_timeout={timeout_ms}")


def database_exists(admin, dbname: str) -> bool:
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone() is not None


@contextlib.contextmanager
def bench_lock(dbname: str, wait_s: float = 1800):
    """One run per bench database at a time (session advisory lock held on the maintenance database)."""
    conn = connect("postgres", autocommit=True, timeout_ms=30_000)
    key = f"siete-bench:{dbname}"
    deadline = time.monotonic() + wait_s
    try:
        while not conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (key,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"another run holds the lock on {dbname} for more than {wait_s:.0f} s")
            time.sleep(2)
        yield
    finally:
        conn.close()  # releases the session lock


def migrate(dbname: str, var_dir: Path) -> None:
    """The project's own chain, exactly as the Procfile's release step runs it."""
    env = {**os.environ, "DATABASE_URL": dsn(dbname), "SIETE_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)
    flask = Path(sys.executable).with_name("flask")
    command = [str(flask) if flask.exists() else "flask", "--app", "wsgi:app", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"db upgrade failed ({done.returncode}):\n{done.stderr[-3000:]}")
