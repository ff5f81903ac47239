"""gunicorn servers in their own process groups, always stopped; worker RSS and CPU read from /proc."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench._common import ROOT, _proc_fields

# the Procfile's web line, pinned (WEB_CONCURRENCY default 2); every gunicorn server here (the real app, the floor,
# the baselines) runs under it: gthread accepting only with a free thread (siete/serving.py, issue #18)
WORKER_CLASS, WORKERS, THREADS = "siete.serving.ThreadWorker", 2, 16
GUNICORN_ARGS = ["--worker-class", WORKER_CLASS, "--workers", str(WORKERS), "--threads", str(THREADS)]
CLK_TCK = os.sysconf("SC_CLK_TCK")
_running: list[Server] = []


def procfile_web_line() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UVICORN_WORKERS = 2


def uvicorn_command(target: str, workers: int = UVICORN_WORKERS) -> list[str]:
    """uvicorn's multi-process mode (uvloop, httptools when installed), `{port}` filled in at start."""
    factory = ["--factory"] if target.endswith("()") else []
    return [str(Path(sys.executable).with_name("uvicorn")), *factory, target.removesuffix("()"), "--host",
            "127.0.0.1", "--port", "{port}", "--workers", str(workers), "--no-access-log", "--log-level", "warning"]


class Server:
    """One gunicorn master (own session/process group) serving `target` on 127.0.0.1:<random port>; or, with
    `command` (a list with a `{port}` item), another master such as uvicorn's with `workers` worker processes."""

    def __init__(self, name: str, target: str, env: dict, log_dir: Path, ready_path: str,
                 gunicorn_args: list[str] | None = None, command: list[str] | None = None, workers: int | None = None):
        self.name, self.target, self.env, self.ready_path = name, target, env, ready_path
        self.gunicorn_args = gunicorn_args or GUNICORN_ARGS
        self.command = command
        self.expected_workers = workers or int(self.gunicorn_args[self.gunicorn_args.index("--workers") + 1])
        self.log_path = log_dir / f"{name}.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        for _attempt in range(3):  # a random port may be taken between probing and binding
            self.port = free_port()
            command = ([part.replace("{port}", str(self.port)) for part in self.command] if self.command else
                       [str(gunicorn), "--bind", f"127.0.0.1:{self.port}", *self.gunicorn_args, self.target])
            log = self.log_path.open("ab")
            self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
            log.close()
            _running.append(self)
            if self._wait_ready(timeout):
                return self
            self.stop()
        raise RuntimeError(f"{self.name} did not start; see {self.log_path}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as answer:
                    answer.read()
                if len(self.workers()) >= self.expected_workers:
                    return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        return False

    def workers(self) -> list[int]:
        if self.proc is None or self.proc.poll() is not None:
            return []
        try:
            return [int(p) for p in Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()]
        except OSError:
            return []

    def worker_rss_kb(self) -> dict[int, int]:
        return {pid: _proc_fields(f"/proc/{pid}/status").get("VmRSS", 0) for pid in self.workers()}

    def cpu_by_process(self) -> dict[int, float]:
        """User + system CPU seconds of the master and of each live worker."""
        out = {}
        for pid in [self.proc.pid, *self.workers()] if self.proc else []:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                out[pid] = (int(fields[11]) + int(fields[12])) / CLK_TCK
            except (OSError, IndexError, ValueError):
                pass
        return out

    def cpu_seconds(self) -> float:
        return sum(self.cpu_by_process().values())

    def stop(self) -> None:
        """SIGTERM the whole process group, SIGKILL what is left after 15 s."""
        proc, self.proc = self.proc, None
        if self in _running:
            _running.remove(self)
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # gunicorn's graceful stop; workers finish their request
        except ProcessLookupError:
            proc.wait()
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _group_alive(proc.pid):
            proc.poll()
            time.sleep(0.1)
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def stop_all() -> None:
    for server in list(_running):
        server.stop()


def _on_signal(signum, _frame):
    stop_all()
    raise SystemExit(128 + signum)


atexit.register(stop_all)


def install_signal_handlers() -> None:
    """SIGTERM/SIGHUP stop every server before exiting (Ctrl-C raises KeyboardInterrupt, and finally blocks run)."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
