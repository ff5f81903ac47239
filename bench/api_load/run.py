"""API load (issues #8, #18): the real evaluations endpoints vs their peers doing the same work, then a soak.

Usage: python -m bench.api_load.run [--smoke] [--evaluations 100000] [--seconds 30] [--warmup 5]
                                    [--soak-minutes 10] [--connections 32] [--rounds 1] [--reload]
                                    [--wait-load 1.5] [--wait-max 600] [--no-diagnostics] [--json out.json]

Five servers, each on a random loopback port: on the Procfile's gunicorn setup (siete.serving.ThreadWorker: gthread
accepting only with a free thread, 2 workers x 16 threads) the
real app (wsgi:app) on its own PostgreSQL database and Redis db 12, the hand-written authenticated floor
(bench/api_load/floor_app.py), bare Flask and the minimal unauthenticated endpoint (reference_app.py); on uvicorn
(2 workers) the FastAPI port of the seed's stack (fastapi_port.py). Scenarios run in rounds, each round every
scenario once, the order rotated per round, so all servers see the same machine load. wrk drives 32 keep-alive
connections per scenario after a warm-up; the soak drives the real list endpoint and samples the gunicorn workers'
RSS. Every server is stopped, even on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import CACHE, ROOT
from bench.api_load import data, loadgen, servers

REDIS_URL = os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/12")
PAGES = (1, 2, 5, 50)
CHECKED_PAGES = (1, 5, 50)
PAGE_SIZE = 20
# issue #18: the real list against the FastAPI port and the authenticated floor doing the same work, same run
TARGET_FASTAPI_RATIO, TARGET_FLOOR_RATIO, TARGET_P95_MS, TARGET_GROWTH_PCT = 1.2, 0.6, 100.0, 10.0
# PostgreSQL connections per worker process, the same for every server (the real app's DB_POOL_SIZE, no overflow):
# five servers x 2 workers x 16 would pass a shared server's max_connections of 100.
DB_POOL = 8
SMOKE = {"evaluations": 2_000, "seconds": 5, "warmup": 1, "soak_minutes": 0.5}
STRIP_ENV = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "RATELIMIT_STORAGE_URI",
             "GUNICORN_CMD_ARGS", "PROMETHEUS_MULTIPROC_DIR", "SIETE_VAR_DIR", "MEDIA_ROOT", "WEB_CONCURRENCY")


def _log(verbose: bool, message: str) -> None:
    if verbose:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# ------------------------------------------------------------------------------------------------------ machine

def machine_facts() -> dict:
    def run(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10, cwd=ROOT).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                  if l.startswith("model name")), "unknown")
    from importlib.metadata import version

    import gunicorn
    import psycopg
    import sqlalchemy

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": run("nproc"), "cpu_model": model, "uptime": run("uptime"), "free_h": run("free", "-h"),
        "python": sys.version.split()[0], "gunicorn": gunicorn.__version__, "flask": version("flask"),
        "sqlalchemy": sqlalchemy.__version__, "psycopg": psycopg.__version__, "wrk": run("wrk", "--version")[:40],
        "postgres": _scalar("postgres", "SHOW server_version"),
        "commit": run("git", "rev-parse", "--short", "HEAD"),
        "modified_files": run("git", "diff", "--name-only", "HEAD").splitlines(),  # the app runs from the tree
        "procfile_web": servers.procfile_web_line(),
        "gunicorn_conf_py": (ROOT / "gunicorn.conf.py").exists(),
    }


def _scalar(dbname: str, query: str):
    with data.connect(dbname, autocommit=True, timeout_ms=30_000) as conn:
        return conn.execute(query).fetchone()[0]


def wait_for_quiet(threshold: float, max_wait: float, verbose: bool) -> dict:
    """Wait (bounded) until the 1-minute load average drops below `threshold`; say what happened."""
    started = time.monotonic()
    first = os.getloadavg()[0]
    while os.getloadavg()[0] >= threshold and time.monotonic() - started < max_wait:
        _log(verbose, f"load average {os.getloadavg()[0]:.2f} >= {threshold}; waiting "
                      f"({time.monotonic() - started:.0f}/{max_wait:.0f} s)")
        time.sleep(min(30.0, max(1.0, max_wait - (time.monotonic() - started))))
    last = os.getloadavg()[0]
    return {"threshold": threshold, "load_at_check": round(first, 2), "load_at_start": round(last, 2),
            "waited_s": round(time.monotonic() - started), "quiet": last < threshold}


class Sampler:
    """Background sampling every `interval` s: load average, whole-machine CPU busy share, and `extra()`."""

    def __init__(self, interval: float, extra=None):
        self.interval, self.extra = interval, extra
        self.samples: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _cpu():
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    def _sample(self):
        sample = {"t": time.monotonic(), "load1": os.getloadavg()[0], "cpu": self._cpu()}
        if self.extra:
            sample.update(self.extra())
        self.samples.append(sample)

    def _run(self):
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)
        self._sample()

    def summary(self) -> dict:
        loads = [s["load1"] for s in self.samples]
        (busy0, total0), (busy1, total1) = self.samples[0]["cpu"], self.samples[-1]["cpu"]
        return {"load1_min": round(min(loads), 2), "load1_max": round(max(loads), 2),
                "machine_cpu_busy_pct": round(100 * (busy1 - busy0) / max(total1 - total0, 1), 1)}


def _children_cpu() -> float:
    """CPU seconds of this process's reaped children (the wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pg_sessions(dbname: str) -> int:
    """Connections ever opened to the bench database (pg_stat_database.sessions, PostgreSQL 14+)."""
    with data.connect("postgres", autocommit=True, timeout_ms=10_000) as conn:
        row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (dbname,)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _stat_cpu(pid: int, *, children: bool = False) -> float:
    """utime + stime of a process (or cutime + cstime: its reaped children) in seconds; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        first = 13 if children else 11
        return (int(fields[first]) + int(fields[first + 1])) / servers.CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def pg_backend_cpu(dbname: str) -> dict[int | str, float]:
    """CPU seconds of the PostgreSQL backends connected to the bench database (same machine, /proc), plus under
    "exited" the postmaster's reaped children: backends that closed during the scenario (pool overflow churn) take
    their CPU there. Exited backends of other databases land there too: an upper bound when others are busy."""
    with data.connect("postgres", autocommit=True, timeout_ms=10_000) as conn:
        pids = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (dbname,))]
        own = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    cpu: dict[int | str, float] = {pid: _stat_cpu(pid) for pid in pids}
    try:
        postmaster = int(Path(f"/proc/{own}/stat").read_text().rsplit(")", 1)[1].split()[1])
        cpu["exited"] = _stat_cpu(postmaster, children=True)
    except (OSError, IndexError, ValueError):
        pass
    return cpu


# ------------------------------------------------------------------------------------------------------- servers

def _base_env(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in STRIP_ENV}
    env.update({"PYTHONPATH": str(ROOT), "SIETE_VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media")})
    return env


def real_env(dbname: str, var: Path) -> dict:
    """Production settings (SIETE_ENV=production validates them) on the bench database, Redis db 12 and a prometheus
    multiprocess dir as docker-compose sets it; login limits raised so the benchmark's logins are never throttled."""
    secret = secrets.token_hex(32)
    prom = var / "prometheus"
    shutil.rmtree(prom, ignore_errors=True)
    prom.mkdir(parents=True)
    return {**_base_env(var), "SIETE_ENV": "production", "DATABASE_URL": data.dsn(dbname), "REDIS_URL": REDIS_URL,
            "JWT_SECRET_KEY": secret, "SECRET_KEY": secret, "JWT_EXPIRE": "600", "LOG_LEVEL": "WARNING",
            "RATELIMIT_LOGIN_PER_CLIENT": "100000/minute", "RATELIMIT_LOGIN_PER_EMAIL": "100000/minute",
            "PROMETHEUS_MULTIPROC_DIR": str(prom), "STORAGE_BACKEND": "local"}


def reference_env(dbname: str, company_id: int, var: Path) -> dict:
    return {**_base_env(var), "BENCH_API_DSN": data.dsn(dbname), "BENCH_API_COMPANY_ID": str(company_id)}


def peer_env(dbname: str, secret: str, var: Path) -> dict:
    """The peers read the same database, the same Redis and verify the real app's tokens with its secret."""
    return {**_base_env(var), "BENCH_API_DSN": data.dsn(dbname), "BENCH_API_REDIS_URL": REDIS_URL,
            "BENCH_JWT_SECRET": secret}


def _http(url: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, dict, object]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, dict(answer.headers), json.loads(answer.read())


def login(base_url: str, email: str) -> str:
    status, _headers, body = _http(f"{base_url}/api/v1/auth/login", body={"email": email, "password": data.PASSWORD})
    if status != 200 or "access_token" not in body:
        raise RuntimeError(f"login failed: {status} {body}")
    return body["access_token"]


def list_path(page: int, prefix: str = "/api/v1/evaluations", extra: str = "") -> str:
    return f"{prefix}?page={page}&page_size={PAGE_SIZE}{extra}"


def _same_instants(rows: list) -> list:
    """pydantic writes UTC as `Z`, marshmallow as `+00:00`: compare the instants, not the spelling."""
    return [{k: datetime.fromisoformat(v) if k.endswith("_at") and isinstance(v, str) else v for k, v in row.items()}
            for row in rows]


def check_peers(real: str, floor: str, port: str, tokens: dict[str, str], detail_id: int, other_id: int) -> dict:
    """Before measuring: for each role, the floor's pages are byte-for-byte the real ones (the port's the same
    instants), with the same total; the floor's detail is the real detail; another tenant's row is hidden."""
    totals = {}
    for role, token in tokens.items():
        for page in CHECKED_PAGES:
            _s, headers, ours = _http(real + list_path(page), token=token)
            _s, floor_headers, by_floor = _http(floor + list_path(page, "/evaluations"), token=token)
            _s, port_headers, by_port = _http(port + list_path(page, "/evaluations"), token=token)
            if ours != by_floor or _same_instants(ours) != _same_instants(by_port):
                raise AssertionError(f"{role} page {page}: the real list and a peer differ")
            if page == CHECKED_PAGES[0] and not ours:
                raise AssertionError(f"{role} page {page} is empty: nothing compared")
            pagination = [json.loads(next(v for k, v in h.items() if k.lower() == "x-pagination"))
                          for h in (headers, floor_headers, port_headers)]
            if pagination[0] != pagination[1] or pagination[0]["total"] != pagination[2]["total"]:
                raise AssertionError(f"{role} page {page}: X-Pagination differs: {pagination}")
        totals[role] = pagination[0]["total"]
    _s, _h, detail = _http(f"{real}/api/v1/evaluations/{detail_id}", token=tokens["admin"])
    _s, _h, floor_detail = _http(f"{floor}/evaluations/{detail_id}", token=tokens["admin"])
    if detail != floor_detail:
        raise AssertionError(f"detail {detail_id}: real {detail} != floor {floor_detail}")
    hidden = []
    for url in (f"{floor}/evaluations/{other_id}", f"{real}/api/v1/evaluations/{other_id}"):
        try:
            _http(url, token=tokens["admin"])
            raise AssertionError(f"another tenant's evaluation {other_id} was visible at {url}")
        except urllib.error.HTTPError as error:
            hidden.append(error.code)
    return {"peer_pages_identical": list(CHECKED_PAGES), "peer_roles": sorted(tokens), "totals_by_role": totals,
            "peer_other_tenant_status": hidden}


def check_equivalence(real: str, minimal: str, token: str, live: int, sample_id: int, other_id: int) -> dict:
    """Before measuring: the real and minimal endpoints return the same rows, and tenancy holds."""
    checked = []
    for page in CHECKED_PAGES:
        _s, headers, ours = _http(real + list_path(page), token=token)
        _s, _h, floor = _http(minimal + list_path(page, "/evaluations"))
        if ours != floor:
            diff = next((i for i, (a, b) in enumerate(zip(ours, floor)) if a != b), min(len(ours), len(floor)))
            raise AssertionError(f"page {page}: real and minimal differ at row {diff}: "
                                 f"{ours[diff:diff + 1]} vs {floor[diff:diff + 1]}")
        checked.append(page)
    total = json.loads(headers["X-Pagination"])["total"]
    if total != live:
        raise AssertionError(f"X-Pagination total {total} != {live} live evaluations of the company")
    status, _h, detail = _http(f"{real}/api/v1/evaluations/{sample_id}", token=token)
    try:
        _http(f"{real}/api/v1/evaluations/{other_id}", token=token)
        raise AssertionError(f"another tenant's evaluation {other_id} was visible")
    except urllib.error.HTTPError as error:
        foreign = error.code
    return {"pages_identical": checked, "x_pagination_total": total, "detail_status": status,
            "detail_has_answers": detail.get("answers") is not None, "other_tenant_status": foreign}


# ----------------------------------------------------------------------------------------------------- measuring

def measure(name: str, server: servers.Server, paths: list[str], *, headers: dict, seconds: float, warmup: float,
            connections: int, dbname: str, verbose: bool) -> dict:
    if warmup > 0:
        loadgen.run_wrk(server.url, paths, headers=headers, seconds=warmup, connections=connections)
    by0, pg0, sessions0, wrk0 = server.cpu_by_process(), pg_backend_cpu(dbname), pg_sessions(dbname), _children_cpu()
    with Sampler(2.0) as sampler:
        result = loadgen.run_wrk(server.url, paths, headers=headers, seconds=seconds, connections=connections)
    by1, pg1, sessions1, wrk1 = server.cpu_by_process(), pg_backend_cpu(dbname), pg_sessions(dbname), _children_cpu()
    cpu0, cpu1 = sum(by0.values()), sum(by1.values())
    wall = max(sampler.samples[-1]["t"] - sampler.samples[0]["t"], 1e-9)
    # each worker's CPU as a share of one core: a GIL-bound worker tops out near 100 %
    worker_core_pct = sorted((round(100 * (by1[pid] - by0.get(pid, 0.0)) / wall) for pid in server.workers()
                              if pid in by1), reverse=True)
    requests = max(result["requests"], 1)
    pg_cpu = sum(cpu - pg0.get(pid, 0.0) for pid, cpu in pg1.items())
    (busy0, total0), (busy1, total1) = sampler.samples[0]["cpu"], sampler.samples[-1]["cpu"]
    ours = (cpu1 - cpu0) + pg_cpu + (wrk1 - wrk0)
    others = max((busy1 - busy0) / servers.CLK_TCK - ours, 0.0)
    result.update(name=name, server=server.name, **sampler.summary(),
                  server_cpu_ms_per_req=round(1000 * (cpu1 - cpu0) / requests, 3),
                  pg_cpu_ms_per_req=round(1000 * pg_cpu / requests, 3),
                  pg_connects_per_100_req=round(100 * (sessions1 - sessions0) / requests, 2),
                  worker_core_pct=worker_core_pct,
                  wrk_cpu_pct=round(100 * (wrk1 - wrk0) / max((total1 - total0) / servers.CLK_TCK, 1e-9), 1),
                  other_cpu_pct=round(100 * others / max((total1 - total0) / servers.CLK_TCK, 1e-9), 1))
    _log(verbose, f"{name:<28} {result['rps']:>8.1f} req/s  p50 {result['p50_ms']:.1f}  p95 {result['p95_ms']:.1f}  "
                  f"p99 {result['p99_ms']:.1f} ms  non-2xx {result['non_2xx']}  load {result['load1_max']}  "
                  f"others' CPU {result['other_cpu_pct']} %  workers {result['worker_core_pct']} % of a core")
    return result


def soak(server: servers.Server, paths: list[str], *, headers: dict, minutes: float, connections: int,
         interval: float, verbose: bool) -> dict:
    """The list endpoint under load for `minutes`, the workers' RSS sampled every `interval` s."""
    workers0 = set(server.workers())
    cpu0, wrk0 = server.cpu_seconds(), _children_cpu()
    with Sampler(interval, extra=lambda: {"rss": server.worker_rss_kb()}) as sampler:
        result = loadgen.run_wrk(server.url, paths, headers=headers, seconds=minutes * 60, connections=connections)
    (busy0, total0), (busy1, total1) = sampler.samples[0]["cpu"], sampler.samples[-1]["cpu"]
    capacity = max((total1 - total0) / servers.CLK_TCK, 1e-9)
    server_pct = round(100 * (server.cpu_seconds() - cpu0) / capacity, 1)
    rest_pct = round(100 * max((busy1 - busy0) / servers.CLK_TCK - (server.cpu_seconds() - cpu0)
                               - (_children_cpu() - wrk0), 0) / capacity, 1)
    samples = [s for s in sampler.samples if s.get("rss")]
    totals = [sum(s["rss"].values()) for s in samples]
    start, end, peak = totals[0], totals[-1], max(totals)
    per_worker = {}
    for pid in workers0:
        series = [s["rss"][pid] for s in samples if pid in s["rss"]]
        if series:
            per_worker[pid] = {"start_kb": series[0], "end_kb": series[-1], "max_kb": max(series),
                               "growth_pct": round(100 * (series[-1] - series[0]) / series[0], 2)}
    growth = round(100 * (end - start) / start, 2)
    summary = {
        "minutes": minutes, "rps": result["rps"], "p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"],
        "p99_ms": result["p99_ms"], "requests": result["requests"], "non_2xx": result["non_2xx"],
        "socket_errors": result["socket_errors"], "samples": len(samples), "interval_s": interval,
        "rss_start_kb": start, "rss_end_kb": end, "rss_max_kb": peak, "growth_pct": growth,
        "max_growth_pct": round(100 * (peak - start) / start, 2), "per_worker": per_worker,
        "workers_restarted": set(server.workers()) != workers0, **sampler.summary(),
        "server_cpu_pct": server_pct, "postgres_and_others_cpu_pct": rest_pct,
        "series_mib": [[round(s["t"] - samples[0]["t"]), round(sum(s["rss"].values()) / 1024, 1)]
                       for s in samples],
    }
    _log(verbose, f"soak {minutes:g} min: {summary['rps']} req/s, RSS {start / 1024:.1f} -> {end / 1024:.1f} MiB "
                  f"(max {peak / 1024:.1f}), growth {growth} %")
    return summary


def _median_by_name(rounds: list[list[dict]], order: list[str]) -> list[dict]:
    """Per scenario, the round with the median throughput, the lower one of two (its own latencies kept)."""
    out = []
    for name in order:
        runs = [next(r for r in measured if r["name"] == name) for measured in rounds]
        chosen = dict(sorted(runs, key=lambda x: x["rps"])[(len(runs) - 1) // 2])
        chosen["rps_all_rounds"] = [r["rps"] for r in runs]
        out.append(chosen)
    return out


def _ratio(by_name: dict, ours: str, theirs: str) -> float:
    return round(by_name[ours]["rps"] / by_name[theirs]["rps"], 3) if by_name[theirs]["rps"] else 0.0


def run_api_load(evaluations: int = data.FULL_SIZE, seconds: float = 30, soak_minutes: float = 10, *,
                 warmup: float = 5, connections: int = 32, rounds: int = 1, reload: bool = False,
                 wait_load: float = 1.5, wait_max: float = 600, diagnostics: bool = True,
                 db_pool: int = DB_POOL, verbose: bool = False) -> dict:
    """Prepare the database, start the three servers, measure every scenario, soak; always stop the servers."""
    loadgen.wrk_path()
    params = data.Params.sized(evaluations)
    dbname = data.database_for(evaluations)
    var = data.var_dir()
    (var / "logs").mkdir(exist_ok=True)
    if threading.current_thread() is threading.main_thread():
        servers.install_signal_handlers()
    started = time.monotonic()
    with data.bench_lock(dbname):
        db = data.prepare_database(params, reload=reload, log=lambda m: _log(verbose, m))
        main = db["facts"]["main"]
        live = db["facts"]["live_evaluations"][str(main["id"])]
        ids = loadgen.shuffled(data.sample_ids(dbname, main["id"]))
        other = data.sample_ids(dbname, db["facts"]["others"][0]["id"], 1)[0]
        quiet = wait_for_quiet(wait_load, wait_max, verbose)
        facts = machine_facts()
        env = {**real_env(dbname, var), "DB_POOL_SIZE": str(db_pool), "DB_MAX_OVERFLOW": "0"}
        pool = {"BENCH_DB_POOL": str(db_pool)}
        logs = var / "logs"
        real = servers.Server("real", "wsgi:app", env, logs, "/health")
        floor = servers.Server("floor", "bench.api_load.floor_app:create_floor()",
                               {**peer_env(dbname, env["JWT_SECRET_KEY"], var), **pool}, logs, "/ok")
        port = servers.Server("fastapi", "bench.api_load.fastapi_port:app",
                              {**peer_env(dbname, env["JWT_SECRET_KEY"], var), **pool}, logs, "/ok", command=servers.uvicorn_command("bench.api_load.fastapi_port:app"),
                              workers=servers.UVICORN_WORKERS)
        bare = servers.Server("bare", "bench.api_load.reference_app:create_bare()", _base_env(var), logs, "/ok")
        minimal = servers.Server("minimal", "bench.api_load.reference_app:create_minimal()",
                                 {**reference_env(dbname, main["id"], var), **pool}, logs, list_path(1, "/evaluations"))
        everything = (real, floor, port, bare, minimal)
        try:
            for server in everything:
                server.start()
            _log(verbose, "servers up: " + ", ".join(f"{s.name} {s.url}" for s in everything))
            domain = main["admin_email"].split("@", 1)[1]
            tokens = {"admin": login(real.url, main["admin_email"]), "manager": login(real.url, main["manager_email"]),
                      "shopper": login(real.url, f"shopper1@{domain}")}
            token = tokens["admin"]
            equivalence = check_equivalence(real.url, minimal.url, token, live, ids[0], other)
            equivalence.update(check_peers(real.url, floor.url, port.url, tokens, ids[0], other))
            rss_after_start = real.worker_rss_kb()
            auth = {role: {"Authorization": f"Bearer {value}"} for role, value in tokens.items()}
            pages = [list_path(p) for p in PAGES]
            peer_pages = [list_path(p, "/evaluations") for p in PAGES]
            scenarios = [
                ("real list", real, pages, auth["admin"]),
                ("FastAPI port list", port, peer_pages, auth["admin"]),
                ("floor list (authenticated)", floor, peer_pages, auth["admin"]),
                ("real detail", real, [f"/api/v1/evaluations/{i}" for i in ids], auth["admin"]),
                ("floor detail", floor, [f"/evaluations/{i}" for i in ids], auth["admin"]),
                ("real list, manager", real, pages, auth["manager"]),
                ("real list, shopper", real, pages, auth["shopper"]),
                ("bare Flask {ok}", bare, ["/ok"], {}),
                ("minimal list (raw SQL)", minimal, peer_pages, {}),
            ]
            if diagnostics:
                scenarios.append(("diag: minimal list + COUNT", minimal,
                                  [list_path(p, "/evaluations", "&count=1") for p in PAGES], {}))
            all_rounds = []
            for number in range(rounds):
                _log(verbose, f"round {number + 1}/{rounds}: {seconds:g} s per scenario after {warmup:g} s warm-up, "
                              f"{connections} connections")
                turn = number % len(scenarios)  # rotated, so no server always runs first or after the same one
                all_rounds.append([measure(name, server, paths, headers=headers, seconds=seconds, warmup=warmup,
                                           connections=connections, dbname=dbname, verbose=verbose)
                                   for name, server, paths, headers in scenarios[turn:] + scenarios[:turn]])
            results = _median_by_name(all_rounds, [name for name, *_ in scenarios])
            soak_result = None
            if soak_minutes > 0:
                for server in (floor, port, bare, minimal):
                    server.stop()
                soak_result = soak(real, pages, headers=auth["admin"], minutes=soak_minutes,
                                   connections=connections, interval=5.0 if soak_minutes >= 2 else 1.0,
                                   verbose=verbose)
        finally:
            for server in everything:
                server.stop()
    # ratios compare scenarios of the same round; with several rounds, the median of the rounds' figures
    by_round = [{r["name"]: r for r in measured} for measured in all_rounds]
    vs_port = [_ratio(b, "real list", "FastAPI port list") for b in by_round]
    vs_floor = [_ratio(b, "real list", "floor list (authenticated)") for b in by_round]
    vs_minimal = [_ratio(b, "real list", "minimal list (raw SQL)") for b in by_round]
    p95s = [b["real list"]["p95_ms"] for b in by_round]
    median = lambda values: round(statistics.median(values), 3)  # noqa: E731
    targets = {
        "list_vs_fastapi_ratio": median(vs_port), "fastapi_ratio_by_round": vs_port,
        "fastapi_ratio_met": median(vs_port) >= TARGET_FASTAPI_RATIO,
        "list_vs_floor_ratio": median(vs_floor), "floor_ratio_by_round": vs_floor,
        "floor_ratio_met": median(vs_floor) >= TARGET_FLOOR_RATIO,
        "list_vs_minimal_ratio": median(vs_minimal), "ratio_by_round": vs_minimal,
        "list_p95_ms": round(statistics.median(p95s), 1), "p95_by_round": p95s,
        "p95_met": statistics.median(p95s) < TARGET_P95_MS,
    }
    if soak_result:
        targets.update(rss_growth_pct=soak_result["growth_pct"],
                       rss_met=soak_result["growth_pct"] <= TARGET_GROWTH_PCT and not soak_result["workers_restarted"])
    return {
        "machine": facts, "quiet": quiet, "database": {k: v for k, v in db.items() if k != "loaded_at"},
        "settings": {"evaluations": evaluations, "seconds": seconds, "warmup": warmup, "connections": connections,
                     "rounds": rounds, "pages": PAGES, "page_size": PAGE_SIZE, "detail_ids": len(ids),
                     "gunicorn": servers.GUNICORN_ARGS, "uvicorn_workers": servers.UVICORN_WORKERS,
                     "redis": REDIS_URL, "soak_minutes": soak_minutes, "db_pool_per_worker": db_pool},
        "equivalence": equivalence, "rss_after_start_kb": rss_after_start,
        "results": results, "rounds": all_rounds, "soak": soak_result, "targets": targets,
        "wall_s": round(time.monotonic() - started, 1), "uptime_at_end": subprocess.run(
            ["uptime"], capture_output=True, text=True, check=False).stdout.strip(),
    }


# ------------------------------------------------------------------------------------------------------- report

def table(result: dict) -> str:
    lines = ["| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU ms/req | "
             "PG CPU ms/req | PG connects /100 req | KiB/resp | others' CPU % |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["results"]:
        lines.append(f"| {r['name']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{r['max_ms']:.0f} | {r['non_2xx'] + r['socket_errors']} | {r['server_cpu_ms_per_req']:.2f} | "
                     f"{r['pg_cpu_ms_per_req']:.2f} | {r['pg_connects_per_100_req']:.1f} | {r['kib_per_request']:.1f} | "
                     f"{r.get('other_cpu_pct', '–')} |")
    return "\n".join(lines)


def report(result: dict) -> str:
    t, s, m = result["targets"], result["soak"], result["machine"]
    out = [f"{m['date']}, {m['nproc']} CPUs ({m['cpu_model']}), commit {m['commit']}, "
           f"load before start {result['quiet']['load_at_start']} (threshold {result['quiet']['threshold']}, "
           f"waited {result['quiet']['waited_s']} s)", f"uptime at start: {m.get('uptime', '')}",
           f"uptime at end:   {result.get('uptime_at_end', '')}", "", table(result), "",
           f"real list / FastAPI port: {t['list_vs_fastapi_ratio']:.3f} (by round {t['fastapi_ratio_by_round']}; "
           f"target >= {TARGET_FASTAPI_RATIO}: {'met' if t['fastapi_ratio_met'] else 'NOT met'})",
           f"real list / authenticated floor: {t['list_vs_floor_ratio']:.3f} (by round {t['floor_ratio_by_round']}; "
           f"target >= {TARGET_FLOOR_RATIO}: {'met' if t['floor_ratio_met'] else 'NOT met'})",
           f"real list / minimal unauthenticated endpoint (issue #8, no target): {t['list_vs_minimal_ratio']:.3f}",
           f"real list p95: {t['list_p95_ms']:.1f} ms (by round {t['p95_by_round']}; target < {TARGET_P95_MS:g} ms: "
           f"{'met' if t['p95_met'] else 'NOT met'})"]
    if s:
        out.append(f"soak {s['minutes']:g} min on the real list: {s['rps']} req/s, p95 {s['p95_ms']:.1f} ms; workers' "
                   f"RSS start {s['rss_start_kb'] / 1024:.1f} MiB, end {s['rss_end_kb'] / 1024:.1f}, max "
                   f"{s['rss_max_kb'] / 1024:.1f}; growth {s['growth_pct']} % (max {s['max_growth_pct']} %) "
                   f"(target <= {TARGET_GROWTH_PCT:g} %: {'met' if t['rss_met'] else 'NOT met'})")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="2,000 evaluations, 5 s per scenario, 30 s soak")
    parser.add_argument("--evaluations", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--warmup", type=float)
    parser.add_argument("--soak-minutes", type=float)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--reload", action="store_true", help="drop and reload the bench database")
    parser.add_argument("--wait-load", type=float, default=1.5, help="wait until the 1-min load average is below")
    parser.add_argument("--wait-max", type=float, help="seconds to wait for that at most (default 600; smoke 0)")
    parser.add_argument("--no-diagnostics", action="store_true", help="skip the minimal + COUNT scenario")
    parser.add_argument("--db-pool", type=int, default=DB_POOL, help="PostgreSQL connections per worker, every server")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    defaults = SMOKE if args.smoke else {"evaluations": data.FULL_SIZE, "seconds": 30, "warmup": 5,
                                         "soak_minutes": 10}
    pick = lambda name: getattr(args, name) if getattr(args, name) is not None else defaults[name]  # noqa: E731
    result = run_api_load(pick("evaluations"), pick("seconds"), pick("soak_minutes"), warmup=pick("warmup"),
                          connections=args.connections, rounds=args.rounds, reload=args.reload,
                          wait_load=args.wait_load,
                          wait_max=args.wait_max if args.wait_max is not None else (0 if args.smoke else 600),
                          diagnostics=not args.no_diagnostics, db_pool=args.db_pool, verbose=True)
    print()
    print(report(result))
    CACHE.mkdir(parents=True, exist_ok=True)
    for path in filter(None, (CACHE / "api_load-last.json", args.json)):
        path.write_text(json.dumps(result, indent=2, default=str))
    print(f"\nfigures: {CACHE / 'api_load-last.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
