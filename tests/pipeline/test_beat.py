"""Only one beat schedules at a time (RedBeat's Redis lock); a second one takes over when the first stops."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.pipeline.conftest import ROOT
from tests.pipeline.helpers import patient

pytestmark = pytest.mark.slow


def _beat(e2e, name):
    log = Path(e2e.env["SIETE_VAR_DIR"]) / f"beat-{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_app", "beat", "-l", "INFO", "--pidfile="],
        cwd=ROOT, env={**os.environ, **e2e.env}, stdout=open(log, "wb"), stderr=subprocess.STDOUT,
        start_new_session=True)
    return process, log


def _wait_for(log, text, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


def test_second_beat_waits_for_the_lock_and_takes_over(e2e):
    first, first_log = _beat(e2e, "first")
    second = None
    try:
        assert _wait_for(first_log, "beat: Acquired lock", patient(10)), first_log.read_text()
        keys = {k.decode() for k in redis.Redis.from_url(e2e.env["REDIS_URL"]).keys("redbeat:*")}
        assert {f"redbeat:{name}" for name in e2e.app.config["CELERY"]["beat_schedule"]} <= keys
        second, second_log = _beat(e2e, "second")
        assert not _wait_for(second_log, "beat: Acquired lock", 8)
        assert "Sending due task" not in second_log.read_text(errors="replace")
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=30)
        assert _wait_for(second_log, "beat: Acquired lock", patient(10)), second_log.read_text()
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
