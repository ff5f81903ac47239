"""Processes the pipeline benchmark owns: its database, an optional private redis-server, the Procfile's
per-queue Celery workers (each in its own process group, always stopped), and a timed fake OpenAI."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from bench._common import ROOT, descendants

def _pg_server() -> str:
    """BENCH_PG_SERVER, else the server of the suite's TEST_DATABASE_URL, else the local default."""
    if os.environ.get("BENCH_PG_SERVER"):
        return os.environ["BENCH_PG_SERVER"].rstrip("/")
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    if test_url.startswith("postgresql") and "/" in test_url.split("://", 1)[-1]:
        return test_url.rsplit("/", 1)[0]
    return "postgresql://postgres@127.0.0.1:5432"


PG_SERVER = _pg_server()
LIBPQ_SERVER = re.sub(r"^postgresql\+\w+://", "postgresql://", PG_SERVER)  # for psycopg.connect
CLK_TCK = os.sysconf("SC_CLK_TCK")
_running: list = []  # everything started here, stopped by stop_all() (also at exit)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _stop_group(proc: subprocess.Popen | None, sig=signal.SIGTERM, grace: float = 20.0) -> None:
    """Signal the process group the child leads; SIGKILL whatever is left after `grace` seconds."""
    if proc is None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _group_alive(proc.pid):
        proc.poll()
        time.sleep(0.1)
    if _group_alive(proc.pid):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def stop_all() -> None:
    for thing in reversed(list(_running)):
        try:
            thing.stop()
        except Exception as exc:  # keep stopping the rest
            print(f"[bench] could not stop {thing!r}: {exc}", file=sys.stderr)


atexit.register(stop_all)


# --- PostgreSQL ---------------------------------------------------------------------------------------------

def database_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def recreate_database(name: str) -> str:
    """DROP (FORCE) and CREATE the benchmark's own database; returns its URL."""
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"unsafe database name {name!r}")
    with psycopg.connect(f"{LIBPQ_SERVER}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return database_url(name)


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{LIBPQ_SERVER}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- Redis --------------------------------------------------------------------------------------------------

class RedisServer:
    """A private redis-server on a free loopback port, restartable, in its own process group.

    persist=False: `--save "" --appendonly no` (a restart loses every queued and unacked message);
    persist=True: `--appendonly yes` in a temp dir (what docker-compose.yml runs; a restart keeps them)."""

    def __init__(self, work_dir: Path, *, persist: bool, db: int = 11):
        self.work_dir, self.persist, self.db = work_dir, persist, db
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = work_dir / "redis.log"
        self.data_dir = work_dir / "redis-data"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{self.db}"

    def start(self) -> RedisServer:
        exe = shutil.which("redis-server")
        if not exe:
            raise RuntimeError("redis-server is not on PATH")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--daemonize", "no", "--save", "",
                "--dir", str(self.data_dir), "--protected-mode", "yes"]
        args += ["--appendonly", "yes", "--appendfsync", "everysec"] if self.persist else ["--appendonly", "no"]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        if self not in _running:
            _running.append(self)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.log_path}")
            if self.ping():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on {self.port}; see {self.log_path}")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def restart(self, down_seconds: float = 2.0) -> dict:
        """Stop it (SHUTDOWN, which fsyncs the AOF, when persistent; SIGKILL, a crash, when not) and start it
        again on the same port after `down_seconds`."""
        import redis

        started = time.time()
        if self.persist:
            try:
                redis.Redis(port=self.port, socket_timeout=5).shutdown()
            except redis.ConnectionError:
                pass  # the server closes the connection as it exits
        else:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        down = time.time()
        time.sleep(down_seconds)
        self.start()
        return {"requested": started, "down": down, "up": time.time()}

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        _stop_group(proc, signal.SIGTERM, grace=10)
        if self in _running:
            _running.remove(self)

    def __repr__(self) -> str:
        return f"RedisServer(port={self.port})"


# --- Celery workers -----------------------------------------------------------------------------------------

def procfile_line(name: str) -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise KeyError(f"no {name} line in the Procfile")


def expand(command: str, env: dict) -> str:
    """${VAR:-default} and $VAR as the Procfile's shell would expand them."""
    command = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: env.get(m.group(1)) or m.group(2), command)
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), command)


@dataclass
class Worker:
    """One Procfile worker line (worker_media, worker_ai, worker_default) run in its own process group."""

    procfile_name: str
    env: dict
    log_dir: Path
    proc: subprocess.Popen | None = None
    starts: int = 0
    cpu_of_dead: float = 0.0
    command: str = ""
    nodename: str = ""
    history: list = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)  # the fault injector vs the supervisor

    def start(self) -> Worker:
        self.command = expand(procfile_line(self.procfile_name), self.env)
        match = re.search(r"-n\s+(\S+)", self.command)
        self.nodename = (match.group(1) if match else "celery@%h").replace("%h", socket.gethostname())
        log = (self.log_dir / f"{self.procfile_name}.log").open("ab")
        log.write(f"\n=== start {self.starts + 1} at {time.time():.3f}: {self.command}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(["bash", "-c", f"exec {self.command}"], cwd=ROOT, env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.starts += 1
        self.history.append(("start", time.time()))
        if self not in _running:
            _running.append(self)
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def pids(self) -> list[int]:
        if not self.alive():
            return []
        return [self.proc.pid, *descendants(self.proc.pid)]

    def cpu_seconds(self) -> float:
        """User + system CPU of the worker, its pool children and their reaped ffmpeg runs (live processes, plus
        what killed ones had used)."""
        total = self.cpu_of_dead
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                # utime + stime, plus cutime + cstime: the ffmpeg children it has waited for
                total += sum(int(f) for f in fields[11:15]) / CLK_TCK
            except (OSError, IndexError, ValueError):
                pass
        return total

    def kill_hard(self) -> float:
        """SIGKILL the worker and all its pool children at once, as a crashed machine would; returns when."""
        self.cpu_of_dead = self.cpu_seconds()
        when = time.time()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.history.append(("sigkill", when))
        return when

    def last_critical(self) -> str:
        """The worker log's last CRITICAL line (why a worker exited by itself)."""
        try:
            lines = (self.log_dir / f"{self.procfile_name}.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return next((line[:600] for line in reversed(lines) if '"CRITICAL"' in line), "")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the group), SIGKILL after 30 s."""
        proc, self.proc = self.proc, None
        _stop_group(proc, signal.SIGTERM, grace=30)
        if self in _running:
            _running.remove(self)

    def __repr__(self) -> str:
        return f"Worker({self.procfile_name}, pid={self.proc.pid if self.proc else None})"


def wait_workers_ready(celery, workers: list[Worker], timeout: float = 90) -> float:
    """Until every worker answers a ping addressed to its node name; returns the seconds it took."""
    started = time.monotonic()
    deadline = started + timeout
    missing = {w.nodename for w in workers}
    while missing and time.monotonic() < deadline:
        for worker in workers:
            if not worker.alive():
                raise RuntimeError(f"{worker.procfile_name} exited during start-up; see its log in {worker.log_dir}")
        try:
            answers = celery.control.ping(destination=sorted(missing), timeout=1.0)
        except Exception:  # the broker may still be coming back
            answers = []
            time.sleep(0.5)
        for answer in answers:
            missing -= set(answer)
    if missing:
        raise RuntimeError(f"workers did not answer ping: {sorted(missing)}")
    return time.monotonic() - started


# --- fake OpenAI with server-side timings -------------------------------------------------------------------

class _Backlog(ThreadingHTTPServer):
    request_queue_size = 256  # the stdlib's 5 would drop bursts of new connections (1 s SYN retry)
    daemon_threads = True


class ServerStats:
    """Per-request server-side times and the number of requests in flight, per endpoint and in total."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[str, float, float]] = []  # (endpoint, wall start, wall end)
        self.in_flight = {"transcriptions": 0, "chat": 0, "all": 0}
        self.max_in_flight = {"transcriptions": 0, "chat": 0, "all": 0}

    def enter(self, endpoint: str) -> None:
        with self.lock:
            for key in (endpoint, "all"):
                self.in_flight[key] += 1
                self.max_in_flight[key] = max(self.max_in_flight[key], self.in_flight[key])

    def leave(self, endpoint: str, start: float) -> None:
        with self.lock:
            for key in (endpoint, "all"):
                self.in_flight[key] -= 1
            self.requests.append((endpoint, start, time.time()))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.max_in_flight = dict.fromkeys(self.max_in_flight, 0)
            self.max_in_flight.update({k: v for k, v in self.in_flight.items()})


def timed_fake_openai(*, transcribe_latency: float, analyze_latency: float, cache_audio_facts: bool = True):
    """The tests' FakeOpenAI (real HTTP, the real SDK talks to it) with the fixture scripts, the given latency,
    a deep accept backlog, TCP_NODELAY, per-request timings, and (optionally) its ffmpeg probe of each upload
    memoised by content hash, so the fake's own CPU does not compete with the platform on a 2-core machine."""
    import hashlib

    import tests.fakes.openai_server as fake_module
    from tests.fakes.media import MEDIA_DIR

    original, cache, lock = fake_module._audio_facts, {}, threading.Lock()
    probes = {"hits": 0, "misses": 0}

    def cached(name, data):
        key = hashlib.sha1(data).hexdigest()
        with lock:
            if key in cache:
                probes["hits"] += 1
                return cache[key]
        value = original(name, data)
        with lock:
            cache[key] = value
            probes["misses"] += 1
        return value

    stats = ServerStats()

    class TimedHandler(fake_module._Handler):
        # The stdlib handler writes the headers and the body in two send()s; with Nagle on, the body waits for
        # the client's delayed ACK (40 ms) on every request of a kept-alive connection. Real APIs do not do that.
        disable_nagle_algorithm = True

        def do_POST(self):
            endpoint = "transcriptions" if "transcriptions" in self.path else "chat"
            start = time.time()
            stats.enter(endpoint)
            try:
                super().do_POST()
            finally:
                stats.leave(endpoint, start)

    class TimedFake(fake_module.FakeOpenAI):
        def start(self):
            handler = type("Handler", (TimedHandler,), {"fake": self})
            self._server = _Backlog(("127.0.0.1", 0), handler)
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                             name="fake-openai", daemon=True).start()
            if cache_audio_facts:
                fake_module._audio_facts = cached
            return self

        def stop(self):
            super().stop()
            fake_module._audio_facts = original  # the tests' fake is left as it was

    fake = TimedFake(scripts=fake_module.fixture_scripts(MEDIA_DIR / "expectations.json"))
    fake.latency["transcriptions"] = transcribe_latency
    fake.latency["chat"] = analyze_latency
    fake.stats = stats
    fake.audio_probes = probes
    return fake
