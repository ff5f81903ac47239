"""Operations: every Procfile process starts against the real services and answers; Flower and /metrics
are protected; a metrics scrape after a pipeline run shows the documented series."""
import base64
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.pipeline.conftest import ROOT
from tests.pipeline.helpers import patient, submit, tenant

pytestmark = pytest.mark.slow
FLOWER_AUTH = "ops:s3cret-flower"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _procfile():
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def _get(url, auth=None, token=None, timeout=5):
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


def _until(check, timeout=None):
    deadline = time.monotonic() + (timeout or patient(20))
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    return None


class Processes:
    def __init__(self, env, log_dir):
        self.env, self.log_dir, self.running = env, Path(log_dir), []

    def start(self, name, command):
        log = self.log_dir / f"proc-{name}.log"
        process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=ROOT, env=self.env,
                                   stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append(process)
        return process, log

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def ops(e2e, tmp_path):
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    venv_bin = str(Path(sys.executable).parent)  # Procfile commands name flask/celery/gunicorn bare
    env = {**os.environ, **e2e.env, "PATH": f"{venv_bin}:{os.environ.get('PATH', '')}", "PORT": str(_free_port()), "FLOWER_PORT": str(_free_port()),
           "FLOWER_BASIC_AUTH": FLOWER_AUTH, "METRICS_TOKEN": "metrics-token-123",
           "PROMETHEUS_MULTIPROC_DIR": str(multiproc), "WEB_CONCURRENCY": "1", "AI_CONCURRENCY": "4"}
    processes = Processes(env, e2e.env["SIETE_VAR_DIR"])
    yield processes
    processes.stop_all()


def test_every_procfile_process_starts_and_answers(ops, e2e):
    procfile = _procfile()
    assert {"release", "web", "worker", "worker_media", "worker_ai", "worker_default", "beat", "flower"} <= set(procfile)
    release = subprocess.run(["bash", "-c", procfile["release"]], cwd=ROOT, env=ops.env, capture_output=True,
                             timeout=120)
    assert release.returncode == 0, release.stderr.decode()[-2000:]

    base = f"http://127.0.0.1:{ops.env['PORT']}"
    ops.start("web", procfile["web"])
    assert _until(lambda: _get(f"{base}/health")[0] == 200), "web did not answer /health"
    assert _get(f"{base}/metrics")[0] == 401

    for name in ("worker_media", "worker_ai", "worker_default"):
        ops.start(name, procfile[name])
    node_names = {"worker_media": "media@", "worker_ai": "ai@", "worker_default": "default@"}
    for prefix in node_names.values():
        answered = _until(lambda prefix=prefix: _inspect_ping(ops.env, prefix), timeout=patient(20))
        assert answered, f"no worker named {prefix}* answered celery inspect ping"

    _, beat_log = ops.start("beat", procfile["beat"])
    assert _until(lambda: "beat: Acquired lock" in beat_log.read_text(errors="replace"), timeout=patient(10))

    ops.start("flower", procfile["flower"])
    flower = f"http://127.0.0.1:{ops.env['FLOWER_PORT']}"
    assert _until(lambda: _get(f"{flower}/api/workers", auth=FLOWER_AUTH)[0] == 200, timeout=patient(20))
    assert _get(f"{flower}/api/workers")[0] == 401
    assert _get(f"{flower}/api/tasks")[0] == 401
    assert _get(f"{flower}/metrics")[0] == 401  # Flower itself serves it to anyone (siete/ops/flower.py)
    assert _get(f"{flower}/metrics", auth=FLOWER_AUTH)[0] == 200

    world = tenant()
    evaluation_id = submit(world, "good_service")
    assert e2e.wait_settled([evaluation_id])[evaluation_id].status == "completed"

    def flower_saw_the_chain():
        status, body = _get(f"{flower}/api/tasks", auth=FLOWER_AUTH)
        return status == 200 and "siete.pipeline.notify" in body and f"[{evaluation_id}]" in body.replace(" ", "")
    assert _until(flower_saw_the_chain, timeout=patient(10)), "Flower never listed the pipeline tasks by name"

    status, metrics = _get(f"{base}/metrics", token="metrics-token-123")
    assert status == 200
    for series in ('siete_pipeline_stage_duration_seconds_count{stage="transcribing"}',
                   "siete_pipeline_completed_total", 'siete_queue_depth{queue="ai"}',
                   "siete_http_request_duration_seconds_count"):
        assert series in metrics, series
    completed = re.search(r"^siete_pipeline_completed_total (\S+)$", metrics, re.M)
    assert completed and float(completed.group(1)) >= 1


def _inspect_ping(env, prefix):
    result = subprocess.run(["bash", "-c", "celery -A celery_app inspect ping --timeout 2"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    return prefix in result.stdout
