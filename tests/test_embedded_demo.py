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


def test_run_command_shows_the_finished_analysis(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    env.update(SIETE_VAR_DIR=str(tmp_path / "var"), PORT=str(port), VENV=str(Path(sys.executable).parent.parent))
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
        assert (tmp_path / "var" / "siete.sqlite").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
