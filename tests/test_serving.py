"""siete.serving.ThreadWorker under gunicorn: kept-alive connections spread over the workers, and a worker with
every thread busy leaves new connections to the others; idle kept-alive connections keep being served."""
import http.client
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = textwrap.dedent("""
    import os, time

    def app(environ, start_response):
        time.sleep(float(environ.get("QUERY_STRING") or 0))
        body = str(os.getpid()).encode()
        start_response("200 OK", [("Content-Length", str(len(body))), ("Content-Type", "text/plain")])
        return [body]
""")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    (tmp_path / "probe_app.py").write_text(APP)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--worker-class", "siete.serving.ThreadWorker",
         "--workers", "2", "--threads", "2", "--keep-alive", "30", "--chdir", str(tmp_path), "probe_app:app"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                workers = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                if len(workers) == 2:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()[-2000:]
            time.sleep(0.1)
        time.sleep(0.5)  # both workers in their accept loop
        yield port
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


def _get(conn, delay):
    conn.request("GET", f"/?{delay}")
    answer = conn.getresponse()
    return answer.read().decode()


def test_busy_workers_leave_new_connections_to_idle_ones(server):
    """4 kept-alive connections with slow requests on 2 workers x 2 threads: 2 connections each, every time."""
    conns = [http.client.HTTPConnection("127.0.0.1", server, timeout=30) for _ in range(4)]
    served = [[] for _ in conns]

    def client(i):
        for _ in range(3):
            served[i].append(_get(conns[i], 0.4))

    threads = []
    for i in range(4):
        threads.append(threading.Thread(target=client, args=(i,)))
        threads[-1].start()
        time.sleep(0.05)  # each request in flight before the next connection arrives
    for thread in threads:
        thread.join(timeout=30)
    for pids in served:
        assert len(pids) == 3 and len(set(pids)) == 1  # a kept-alive connection stays on its worker
    by_worker = [pids[0] for pids in served]
    assert sorted(by_worker.count(pid) for pid in set(by_worker)) == [2, 2]


def test_idle_kept_alive_connections_are_still_served(server):
    """More kept-alive connections than threads, all idle between requests: each is read again (stock gthread at a
    `--worker-connections` cap stops polling them)."""
    conns = [http.client.HTTPConnection("127.0.0.1", server, timeout=10) for _ in range(6)]
    for _ in range(2):
        for conn in conns:
            assert _get(conn, 0).isdigit()
