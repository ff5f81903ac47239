"""The console's end-to-end stack: the built console, a seeded PostgreSQL database, the API under gunicorn and a worker."""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from siete.config import TestConfig
from tests.pipeline.conftest import BASE_ENV

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
ARTIFACTS = WEB / "test-artifacts"
CHROMIUM = os.environ.get("CHROME_BIN", "/usr/bin/chromium")


def build_console():
    """`make console`: npm ci when the lockfile changed, a production build when the sources did (else nothing)."""
    done = subprocess.run(["make", "console"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database(suffix):
    base = make_url(TestConfig().SQLALCHEMY_DATABASE_URI)
    name = f"{base.database}_{suffix}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class Stack:
    """The running stack: its URL and environment, API calls as a demo user, and the Playwright scenarios."""

    password = "demo-pass-2026"

    def __init__(self, url, env):
        self.url, self.env, self._tokens = url, env, {}

    def token(self, email):
        if email not in self._tokens:
            answer = requests.post(f"{self.url}/api/v1/auth/login", json={"email": email, "password": self.password},
                                   timeout=10)
            answer.raise_for_status()
            self._tokens[email] = answer.json()["access_token"]
        return self._tokens[email]

    def api(self, method, path, email="admin@siete.demo", **kwargs):
        answer = requests.request(method, f"{self.url}/api/v1{path}", timeout=30,
                                  headers={"Authorization": f"Bearer {self.token(email)}"}, **kwargs)
        answer.raise_for_status()
        return answer

    def all(self, path, email="admin@siete.demo", **params):
        rows, page = [], 1
        while True:
            answer = self.api("GET", path, email, params={**params, "page": page, "page_size": 100})
            rows += answer.json()
            meta = json.loads(answer.headers["X-Pagination"])
            if page >= meta["total_pages"]:
                return rows
            page += 1

    def scenario(self, name, timeout=420, **extra):
        """Runs one Playwright scenario of web/e2e/run.mjs and returns the JSON it reports."""
        env = {**os.environ, "BASE_URL": self.url, "ARTIFACTS": str(ARTIFACTS), "CHROME_BIN": CHROMIUM,
               "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1", **{k: str(v) for k, v in extra.items()}}
        done = subprocess.run(["node", "e2e/run.mjs", name], cwd=WEB, env=env, capture_output=True, text=True,
                              timeout=timeout)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        assert done.returncode == 0 and lines, f"scenario {name} failed:\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
        return json.loads(lines[-1][len("RESULT "):])


@contextlib.contextmanager
def running_stack(database="console", **extra_env):
    """A seeded database, the API under gunicorn and a worker on every queue the console drives (reports included),
    torn down on exit; `extra_env` configures both (e.g. Cloudflare Stream)."""
    build_console()
    # Not under pytest's basetemp: another pytest run of the same user prunes old basetemps, media included.
    tmp = Path(tempfile.mkdtemp(prefix="siete-console-e2e-"))
    env = {**os.environ, **BASE_ENV, "DATABASE_URL": _database(database), "MEDIA_ROOT": str(tmp / "media"),
           "SIETE_VAR_DIR": str(tmp / "var"), "FLASK_APP": "wsgi:app", "LOG_LEVEL": "WARNING",
           "RATELIMIT_LOGIN_PER_CLIENT": "1000/minute", "RATELIMIT_LOGIN_PER_EMAIL": "1000/minute", **extra_env}
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    bin_dir = Path(sys.executable).parent
    for command in (["flask", "db", "upgrade"], ["flask", "seed-demo"]):
        done = subprocess.run([str(bin_dir / command[0]), *command[1:]], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    logs = open(ARTIFACTS / f"stack-{database}.log", "wb")  # kept beside the screenshots for a failed run
    api = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--workers", "1",
         "--threads", "16", "--timeout", "120", "wsgi:app"],
        cwd=ROOT, env={**env, "PUBLIC_URL": url}, stdout=logs, stderr=subprocess.STDOUT, start_new_session=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_app", "worker", "-Q", "default,media,ai,reports", "-c", "2",
         "-n", f"{database}-e2e@%h", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=logs, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert api.poll() is None and worker.poll() is None, (ARTIFACTS / f"stack-{database}.log").read_text()[-3000:]
            try:
                if requests.get(f"{url}/health", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert time.monotonic() < deadline, "the API did not become healthy"
            time.sleep(0.5)
        yield Stack(url, env)
    finally:
        _stop(worker)
        _stop(api)
        logs.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")  # torn down with its module: its worker must not outlive it and take others' tasks
def console_stack():
    with running_stack() as stack:
        yield stack
