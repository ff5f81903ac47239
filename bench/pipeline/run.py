"""Pipeline throughput: N evaluations through the real Celery chain on the Procfile's per-queue workers.

Usage:
  python -m bench.pipeline.run                 100 evaluations, transcription 2 s + analysis 5 s, ai threads 16
  python -m bench.pipeline.run --faults        the same with SIGKILLed media and ai workers and a Redis restart
  python -m bench.pipeline.run --smoke         6 evaluations, 0.2 s + 0.5 s, no faults (about a minute)

Everything runs against the benchmark's own PostgreSQL database (created, migrated with the project's Alembic
chain, dropped at the end unless --keep) and Redis db 11 (or a private redis-server in --faults mode); the fake
OpenAI server runs in this process. Every process started here is stopped (process groups), even on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import CACHE, machine
from bench.pipeline import infra
from bench.pipeline.events import EventRecorder
from siete.evaluations.pipeline import STEPS

SHARED_REDIS = "redis://127.0.0.1:6379/11"
DATABASE = "siete_bench_pipeline"
FIXTURES = ("good_service", "mixed_service", "poor_service")
TASKS = tuple(step.name for step in STEPS)
FAULT_PLANS = {  # action, at this fraction of the ideal
    "all": (("kill_media", 0.07), ("kill_ai", 0.35), ("restart_redis", 0.65)),
    # Only a Redis restart while late-ack transcriptions and analyses run, at production time limits (the
    # visibility timeout is 2 h, so only the reaper can bring back what the restart lost).
    "redis": (("restart_redis", 0.3),),
}
FAULT_TIME_SCALE = 0.02  # PIPELINE_TIME_SCALE in --faults all: visibility timeout 151 s instead of 7325 s
REAP_EVERY = 20.0  # seconds; the benchmark calls the reaper as beat does (PIPELINE_REAP_INTERVAL)
RECOVERY_TARGET_S = 300  # issue #12: every evaluation completed or failed within 5 minutes of the last fault
TARGET_RATIO, TARGET_OVERHEAD_MS = 1.3, 300
CLEAR_ENV = ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "PROMETHEUS_MULTIPROC_DIR", "LOCAL_WHISPER_MODEL",
             "STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "R2_BUCKET", "R2_ENDPOINT_URL",
             "OPENAI_TIMEOUT", "OPENAI_MAX_RETRIES", "PIPELINE_TIME_SCALE", "PIPELINE_MAX_RETRIES",
             "PIPELINE_RETRY_BACKOFF_BASE", "PIPELINE_RETRY_BACKOFF_MAX", "PIPELINE_MAX_ATTEMPTS", "SIETE_ENV")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


@contextmanager
def patched_environ(values: dict, clear=CLEAR_ENV):
    """os.environ with these values (and without `clear`), restored afterwards (the smoke test runs in pytest)."""
    saved = dict(os.environ)
    for key in clear:
        os.environ.pop(key, None)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(values: list[float], scale: float = 1.0, digits: int = 1) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "mean": round(statistics.fmean(values) * scale, digits),
            "p50": round(_pct(values, 0.5) * scale, digits), "p95": round(_pct(values, 0.95) * scale, digits),
            "max": round(max(values) * scale, digits)}


def wait_for_quiet_machine(threshold: float, max_wait: float) -> dict:
    """Wait (up to max_wait s) until the 1-minute load average drops below threshold; report what was seen."""
    started = time.monotonic()
    first = os.getloadavg()[0]
    while os.getloadavg()[0] >= threshold and time.monotonic() - started < max_wait:
        time.sleep(10)
    return {"threshold": threshold, "load_at_request": round(first, 2), "waited_s": round(time.monotonic() - started),
            "load_at_start": round(os.getloadavg()[0], 2), "quiet": os.getloadavg()[0] < threshold}


class LoadSampler:
    """1-minute load average every second while the measured phase runs."""

    def __init__(self):
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(1.0):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self):
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def summary(self) -> dict:
        return {"min": round(min(self.samples), 2), "mean": round(statistics.fmean(self.samples), 2),
                "max": round(max(self.samples), 2)} if self.samples else {}


# --- data ---------------------------------------------------------------------------------------------------

def make_world_and_evaluations(count: int) -> tuple[dict, list[int]]:
    """One tenant (shopper, manager, admin, campaign, zone) and `count` uploaded evaluations whose videos (the
    committed fixtures, round robin) are in storage; nothing is enqueued yet."""
    from siete.extensions import db
    from siete.core.storage import get_storage
    from tests.factories import EvaluationFactory
    from tests.fakes.media import fixture_path
    from tests.pipeline.helpers import tenant

    world = tenant()
    storage = get_storage()
    ids = []
    for index in range(count):
        fixture = FIXTURES[index % len(FIXTURES)]
        evaluation = EvaluationFactory(company=world["company"], campaign=world["campaign"], zone=world["zone"],
                                       user=world["shopper"], media_key=None)
        key = f"companies/{world['company'].id}/evaluations/{evaluation.id}/{fixture}.mp4"
        with open(fixture_path(fixture), "rb") as stream:
            storage.save(key, stream)
        evaluation.media_key, evaluation.media_filename = key, f"{fixture}.mp4"
        evaluation.media_content_type, evaluation.media_size = "video/mp4", fixture_path(fixture).stat().st_size
        db.session.commit()
        ids.append(evaluation.id)
    return world, ids


def _rows(sql: str, params: dict) -> list[dict]:
    from sqlalchemy import text

    from siete.extensions import db

    with db.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(text(sql), params)]


def evaluation_rows(ids: list[int]) -> dict[int, dict]:
    stamps = ("started_at", "fetched_at", "extracted_at", "transcribed_at", "analyzed_at", "completed_at",
              "failed_at", "updated_at")
    columns = ", ".join(f"extract(epoch from {c}) AS {c}" for c in stamps)
    rows = _rows(f"SELECT id, status, stage, error_code, error_message, attempts, {columns} FROM evaluations "
                 "WHERE id = ANY(:ids)", {"ids": ids})
    return {r["id"]: {k: (float(v) if k in stamps and v is not None else v) for k, v in r.items()} for r in rows}


def settled_count(ids: list[int]) -> tuple[int, dict]:
    rows = _rows("SELECT status, stage, count(*) AS n FROM evaluations WHERE id = ANY(:ids) GROUP BY status, stage",
                 {"ids": ids})
    by = {f"{r['status']}/{r['stage']}": r["n"] for r in rows}
    return sum(r["n"] for r in rows if r["status"] in ("completed", "failed")), by


def integrity(ids: list[int], world: dict) -> dict:
    """Exactly one analysis per evaluation, a reason on every failure, one 'completed' notice per completion."""
    rows = evaluation_rows(ids)
    analyses = {r["evaluation_id"]: r for r in _rows(
        "SELECT evaluation_id, count(*) AS n, count(operative_view) AS with_view FROM evaluation_analysis "
        "WHERE evaluation_id = ANY(:ids) GROUP BY evaluation_id", {"ids": ids})}
    notices = {(r["evaluation_id"], r["event"]): r["n"] for r in _rows(
        "SELECT evaluation_id, event, count(*) AS n FROM notifications WHERE evaluation_id = ANY(:ids) "
        "AND user_id = :shopper GROUP BY evaluation_id, event", {"ids": ids, "shopper": world["shopper"].id})}
    status = {}
    for row in rows.values():
        status[row["status"]] = status.get(row["status"], 0) + 1
    completed = [i for i, r in rows.items() if r["status"] == "completed"]
    failed = [i for i, r in rows.items() if r["status"] == "failed"]
    problems = []
    for i in completed:
        found = analyses.get(i, {"n": 0, "with_view": 0})
        if found["n"] != 1 or found["with_view"] != 1:
            problems.append(f"evaluation {i}: completed with {found['n']} analyses ({found['with_view']} with a view)")
        if notices.get((i, "evaluation.completed")) != 1:
            problems.append(f"evaluation {i}: {notices.get((i, 'evaluation.completed'), 0)} 'completed' notices")
    for i in failed:
        if not rows[i]["error_code"]:
            problems.append(f"evaluation {i}: failed without a reason")
        if analyses.get(i, {"n": 0})["n"] > 1:
            problems.append(f"evaluation {i}: failed with {analyses[i]['n']} analyses")
    stuck = {i: f"{r['status']}/{r['stage']}" for i, r in rows.items() if r["status"] not in ("completed", "failed")}
    reasons = {}
    for i in failed:
        reasons[rows[i]["error_code"]] = reasons.get(rows[i]["error_code"], 0) + 1
    return {"status": status, "completed": len(completed), "failed": len(failed), "failure_reasons": reasons,
            "stuck": stuck, "problems": problems,
            "analyses_per_evaluation": sorted({a["n"] for a in analyses.values()} | ({0} if len(analyses) < len(ids)
                                                                                      else set())),
            "attempts": {a: sum(1 for r in rows.values() if r["attempts"] == a)
                         for a in sorted({r["attempts"] for r in rows.values()})}}


# --- phases -------------------------------------------------------------------------------------------------

def sequential_baseline(app, ids: list[int], injected: float) -> dict:
    """The chain's steps for each evaluation, one after another in this one process: the same run_step the
    workers run (each step in its own app context, as a task is), without Celery."""
    from siete.core import tenancy
    from siete.evaluations import lifecycle, pipeline, tasks

    per_evaluation, per_step = [], {name: [] for name in TASKS}
    started = time.perf_counter()
    for evaluation_id in ids:
        begin = time.perf_counter()
        with app.app_context(), tenancy.system_scope():  # start_pipeline's claim, without the enqueue
            lifecycle.claim(evaluation_id)
        for step in pipeline.STEPS:
            step_start = time.perf_counter()
            with app.app_context():
                tasks.run_step(None, evaluation_id, step)
            per_step[step.name].append(time.perf_counter() - step_start)
        per_evaluation.append(time.perf_counter() - begin)
    total = time.perf_counter() - started
    warm_up = per_evaluation[0]
    if len(per_evaluation) > 1:  # the first one pays for imports and first connections: not counted
        per_evaluation = per_evaluation[1:]
        per_step = {name: values[1:] for name, values in per_step.items()}
    mean = statistics.fmean(per_evaluation)
    return {"evaluations": len(per_evaluation), "warm_up_s": round(warm_up, 3), "total_s": round(total, 2),
            "per_evaluation_s": _summary(per_evaluation, 1, 3),
            "per_step_ms": {name: _summary(values, 1000) for name, values in per_step.items()},
            "overhead_ms": _summary([p - injected for p in per_evaluation], 1000),
            "mean_per_evaluation_s": round(mean, 3)}


def task_timings(tasks: list[dict], ids: set[int]) -> dict[int, dict[str, dict]]:
    """{evaluation id: {task name: its timings}} for the chain tasks of these evaluations."""
    by_eval: dict[int, dict[str, dict]] = {}
    for task in tasks:
        if task.get("evaluation_id") in ids and task.get("name") in TASKS:
            by_eval.setdefault(task["evaluation_id"], {})[task["name"]] = task
    return by_eval


def overhead_from_events(by_eval: dict, injected: float, server_excess: float) -> dict:
    """Work overhead per evaluation: the sum of its five task runtimes (Celery's own measure, around the task
    body) minus the latency the fake injected; also minus everything the fake spent (its processing too)."""
    work, platform, per_task, waits = [], [], {n: [] for n in TASKS}, {n: [] for n in TASKS}
    for chain in by_eval.values():
        if all(chain.get(n, {}).get("runtime") is not None for n in TASKS):
            total = sum(chain[n]["runtime"] for n in TASKS)
            work.append(total - injected)
            platform.append(total - injected - server_excess)
        for name, task in chain.items():
            if task.get("runtime") is not None:
                per_task[name].append(task["runtime"])
            if task.get("started") and task.get("sent"):
                waits[name].append(task["started"] - task["sent"])
    return {"evaluations_measured": len(work), "work_overhead_ms": _summary(work, 1000),
            "platform_overhead_ms": _summary(platform, 1000),
            "task_runtime_ms": {n: _summary(v, 1000) for n, v in per_task.items()},
            "queue_wait_ms": {n: _summary(v, 1000) for n, v in waits.items()}}


def fake_summary(stats: infra.ServerStats, since: float, until: float, latency: dict) -> dict:
    """Requests the fake served in [since, until]: counts, server-side time beyond the injected latency, and the
    average number in flight (= how many ai threads were actually waiting on 'OpenAI')."""
    with stats.lock:
        requests = [r for r in stats.requests if r[1] >= since - 0.5 and r[2] <= until + 0.5]
    out = {"max_in_flight": dict(stats.max_in_flight)}
    busy = 0.0
    for endpoint in ("transcriptions", "chat"):
        times = [end - start for e, start, end in requests if e == endpoint]
        busy += sum(times)
        out[endpoint] = {"requests": len(times),
                         "server_excess_ms": _summary([t - latency[endpoint] for t in times], 1000)}
    out["mean_in_flight"] = round(busy / max(until - since, 1e-9), 2)
    return out


def redis_state(url: str) -> dict:
    """Messages waiting per queue and unacknowledged (delivered to a worker that has not acked them)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        queues = {}
        for name in ("media", "ai", "default"):
            queues[name] = sum(client.llen(k) for k in client.scan_iter(match=f"{name}*", count=100)
                               if client.type(k) == b"list")
        return {"queued": queues, "unacked": client.hlen("unacked")}
    except redis.RedisError as exc:
        return {"error": str(exc)}


# --- the benchmark ------------------------------------------------------------------------------------------

def run_pipeline_benchmark(evaluations: int = 100, transcribe_latency: float = 2.0, analyze_latency: float = 5.0,
                           faults: bool = False, *, baseline: int = 10, probes: int = 4, media_concurrency: int = 2,
                           ai_concurrency: int = 16, default_concurrency: int = 2, redis_restart: str = "wipe",
                           time_scale: float | None = None, own_redis: bool | None = None,
                           database: str | None = None, keep: bool = False, max_wait: float | None = None,
                           log_dir: str | Path | None = None,
                           py_spy: str | None = None, verbose: bool = True) -> dict:
    """Run the benchmark and return its figures as a dict (see bench/README.md). Timings are never asserted by
    the smoke test; `integrity` and `settled` are the behaviour to check."""
    say = log if verbose else (lambda _m: None)
    injected = transcribe_latency + analyze_latency
    ideal = evaluations * injected / ai_concurrency
    if faults and faults is not True and faults not in FAULT_PLANS:
        raise ValueError(f"faults must be one of {sorted(FAULT_PLANS)}")
    if faults and time_scale is None:
        time_scale = 1.0 if faults == "redis" else FAULT_TIME_SCALE
    database = database or (DATABASE if evaluations >= 100 else f"{DATABASE}_{evaluations}")
    if own_redis is None:  # db 11 of the shared Redis is for the full run; small runs get a private server
        own_redis = faults or (database != DATABASE and shutil.which("redis-server") is not None)
    own_redis = own_redis or faults
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_dir = Path(log_dir) if log_dir else CACHE / "pipeline" / f"{stamp}{'-faults' if faults else ''}"
    log_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="siete-bench-pipeline-"))
    result: dict = {"machine": machine(), "params": {
        "evaluations": evaluations, "transcribe_latency_s": transcribe_latency, "analyze_latency_s": analyze_latency,
        "faults": ("all" if faults is True else faults) or False, "redis_restart": redis_restart if faults else None,
        "baseline": baseline,
        "probes": probes, "concurrency": {"media": media_concurrency, "ai": ai_concurrency,
                                          "default": default_concurrency},
        "pipeline_time_scale": time_scale, "database": database, "log_dir": str(log_dir),
        "py_spy": bool(py_spy)}}
    fake = redis_server = None
    workers: list[infra.Worker] = []
    previous_handlers = {}
    try:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGHUP):
                previous_handlers[sig] = signal.signal(sig, _raise_interrupt)
        fake = infra.timed_fake_openai(transcribe_latency=transcribe_latency, analyze_latency=analyze_latency).start()
        if own_redis:
            redis_server = infra.RedisServer(work, persist=redis_restart == "persist").start()
            redis_url = redis_server.url
        else:
            redis_url = SHARED_REDIS
        _flush(redis_url)
        db_url = infra.recreate_database(database)
        say(f"database {database}, redis {redis_url}, fake OpenAI {fake.base_url}, logs {log_dir}")
        env = {"DATABASE_URL": db_url, "REDIS_URL": redis_url, "SIETE_VAR_DIR": str(work / "var"),
               "MEDIA_ROOT": str(work / "media"), "MEDIA_WORK_DIR": str(work / "scratch"),
               "TRANSCRIBER": "openai", "ANALYZER": "openai", "OPENAI_BASE_URL": fake.base_url,
               "OPENAI_API_KEY": fake.api_key, "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024",
               "LOG_FORMAT": "json", "MEDIA_CONCURRENCY": str(media_concurrency),
               "AI_CONCURRENCY": str(ai_concurrency), "DEFAULT_CONCURRENCY": str(default_concurrency)}
        if time_scale is not None:
            env["PIPELINE_TIME_SCALE"] = str(time_scale)
        (work / "scratch").mkdir(parents=True)
        with patched_environ({**env, "LOG_LEVEL": "WARNING"}):
            result.update(_measure(env, evaluations, injected, ideal, faults, baseline, probes, max_wait, fake,
                                   redis_server, redis_url, workers, log_dir, say,
                                   {"transcriptions": transcribe_latency, "chat": analyze_latency}, py_spy))
        return result
    finally:
        for worker in workers:
            worker.stop()
        if fake is not None:
            fake.stop()
        if redis_server is not None:
            redis_server.stop()
        elif "redis_url" in locals():
            _flush(SHARED_REDIS)
        if not keep:
            try:
                infra.drop_database(database)
            except Exception as exc:
                say(f"could not drop {database}: {exc}")
        shutil.rmtree(work, ignore_errors=True)
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)


def _raise_interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def _flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


def _measure(env, evaluations, injected, ideal, faults, baseline, probes, max_wait, fake, redis_server, redis_url,
             workers, log_dir, say, latency, py_spy) -> dict:
    from flask_migrate import upgrade

    from siete import create_app
    from siete.config import Config
    from siete.extensions import db

    out: dict = {}
    app = create_app(Config())
    celery = app.extensions["celery"]
    conf = app.config["CELERY"]
    out["celery"] = {"visibility_timeout_s": conf["broker_transport_options"]["visibility_timeout"],
                     "time_limits": {k.rsplit(".", 1)[-1]: (v["soft_time_limit"], v["time_limit"])
                                     for k, v in conf["task_annotations"].items()},
                     "prefetch_multiplier": conf["worker_prefetch_multiplier"],
                     "db_pool": {"pool_size": 5, "max_overflow": 10,
                                 "engine_options": app.config["SQLALCHEMY_ENGINE_OPTIONS"]}}
    with app.app_context():
        upgrade()
        baseline = baseline + 1 if baseline else 0  # plus one warm-up evaluation
        world, ids = make_world_and_evaluations(evaluations + baseline + probes)
        main_ids, base_ids = ids[:evaluations], ids[evaluations:evaluations + baseline]
        probe_ids = ids[evaluations + baseline:]
        say(f"{len(ids)} evaluations stored (fixtures {', '.join(FIXTURES)} round robin)")

        if base_ids:
            say(f"sequential baseline: {len(base_ids)} evaluations (the first a warm-up), one after another "
                "in this process")
            fake.stats.reset()
            since = time.time()
            out["sequential"] = sequential_baseline(app, base_ids, injected)
            out["sequential"]["fake"] = fake_summary(fake.stats, since, time.time(), latency)
            out["sequential"]["extrapolated_s"] = round(out["sequential"]["mean_per_evaluation_s"] * evaluations, 1)
            out["sequential"]["integrity"] = integrity(base_ids, world)
            say(f"  {out['sequential']['mean_per_evaluation_s']} s per evaluation → "
                f"{out['sequential']['extrapolated_s']} s for {evaluations} (extrapolated)")

        recorder = EventRecorder(celery).start()
        try:
            for name in ("worker_media", "worker_ai", "worker_default"):
                worker_env = {**os.environ, **env, "LOG_LEVEL": "INFO",
                              "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
                workers.append(infra.Worker(name, worker_env, log_dir).start())
            ready_s = infra.wait_workers_ready(celery, workers)
            out["workers"] = {w.procfile_name: w.command for w in workers}
            say(f"workers ready in {ready_s:.1f} s: " + "; ".join(w.command for w in workers))

            if probe_ids:
                out["unloaded"] = _probe(probe_ids, injected, recorder, fake, latency, say)

            out.update(_main_run(app, main_ids, world, injected, ideal, faults, max_wait, fake, redis_server,
                                 redis_url, workers, celery, recorder, latency, say,
                                 (py_spy, log_dir, ideal) if py_spy else None))
        finally:
            recorder.stop()
        out["event_receiver_reconnects"] = recorder.disconnects
        db.session.remove()
        db.engine.dispose()
    return out


def _probe(ids, injected, recorder, fake, latency, say) -> dict:
    """One evaluation at a time through the idle workers: end-to-end latency minus the injected AI latency is
    everything the platform adds, queue hops included. The first one warms the workers up and is not counted."""
    from siete.evaluations.tasks import start_pipeline

    warm_up_s = None
    for index, evaluation_id in enumerate(ids):
        if index == 1 or len(ids) == 1:
            fake.stats.reset()
            since = time.time()
        begin = time.time()
        assert start_pipeline(evaluation_id)
        deadline = time.monotonic() + 60 + 3 * injected
        while settled_count([evaluation_id])[0] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        if index == 0:
            warm_up_s = round(time.time() - begin, 3)
    measured = ids[1:] or ids
    rows = evaluation_rows(measured)
    end_to_end = [(r["completed_at"] or r["failed_at"] or time.time()) - r["started_at"] for r in rows.values()]
    time.sleep(0.5)  # the last task-succeeded event
    by_eval = task_timings(recorder.snapshot(), set(measured))
    fake_stats = fake_summary(fake.stats, since, time.time(), latency)
    excess = sum((fake_stats[e]["server_excess_ms"].get("mean") or 0) for e in ("transcriptions", "chat")) / 1000
    hops = []
    for chain in by_eval.values():
        hops.append(sum(chain[n]["started"] - chain[n]["sent"] for n in TASKS
                        if chain.get(n, {}).get("started") and chain[n].get("sent")))
    result = {"evaluations": len(measured), "warm_up_s": warm_up_s,
              "statuses": sorted({r["status"] for r in rows.values()}),
              "end_to_end_s": _summary(end_to_end, 1, 3),
              "end_to_end_overhead_ms": _summary([e - injected for e in end_to_end], 1000),
              "queue_hops_ms": _summary(hops, 1000),
              **overhead_from_events(by_eval, injected, excess), "fake": fake_stats}
    say(f"unloaded: warm-up {warm_up_s} s; end to end {result['end_to_end_s'].get('mean')} s for {injected} s of "
        f"AI latency (overhead {result['end_to_end_overhead_ms'].get('mean')} ms, of which queue hops "
        f"{result['queue_hops_ms'].get('mean')} ms)")
    return result


def _main_run(app, ids, world, injected, ideal, faults, max_wait, fake, redis_server, redis_url, workers, celery,
              recorder, latency, say, profile=None) -> dict:
    from siete.evaluations.tasks import start_pipeline

    conf = app.config["CELERY"]
    visibility = conf["broker_transport_options"]["visibility_timeout"]
    max_hard = max(a["time_limit"] for a in conf["task_annotations"].values())
    if max_wait is None:
        max_wait = 3 * ideal + 120
        if faults:
            max_wait += visibility + (visibility + 2 * max_hard) + 2 * REAP_EVERY
        max_wait = min(max_wait, 1800)
    fake.stats.reset()
    cpu_before = {w.procfile_name: w.cpu_seconds() for w in workers}
    stop = threading.Event()
    fault_log: list[dict] = []
    reaper_log: list[dict] = []
    crash_log: list[dict] = []
    threads = []
    say(f"main run: {len(ids)} evaluations; ideal {ideal:.2f} s; waiting at most {max_wait:.0f} s")
    with infra_load() as load:
        t0 = time.time()
        spies = _start_py_spy(profile, workers) if profile else []
        enqueued = sum(1 for evaluation_id in ids if start_pipeline(evaluation_id))
        t_enqueued = time.time()
        if faults:
            plan = FAULT_PLANS["all" if faults is True else faults]
            threads.append(threading.Thread(target=_inject_faults, daemon=True, args=(
                app, t0, ideal, workers, redis_server, celery, ids, redis_url, stop, fault_log, say, plan)))
            threads.append(threading.Thread(target=_reaper, daemon=True, args=(app, stop, reaper_log)))
            threads.append(threading.Thread(target=_supervise, daemon=True, args=(
                workers, celery, t0, stop, crash_log, say)))
            for thread in threads:
                thread.start()
        deadline = time.monotonic() + max_wait
        last_print, settled = 0.0, 0
        while time.monotonic() < deadline:
            settled, by = settled_count(ids)
            if settled == len(ids) and not any(t.is_alive() for t in threads[:1]):
                break
            if time.monotonic() - last_print >= 5:
                say(f"  t={time.time() - t0:5.1f}s settled {settled}/{len(ids)} {by}")
                last_print = time.monotonic()
            time.sleep(0.25)
        stop.set()
        t_seen = time.time()
        for thread in threads:
            thread.join(timeout=60)
        profiles = _finish_py_spy(spies)
    cpu_after = {w.procfile_name: w.cpu_seconds() for w in workers}
    time.sleep(1.0)  # let the last events arrive
    rows = evaluation_rows(ids)
    ends = [r["completed_at"] or r["failed_at"] for r in rows.values() if r["completed_at"] or r["failed_at"]]
    last_end = max(ends) if ends else t_seen
    wall = last_end - t0
    by_eval = task_timings(recorder.snapshot(), set(ids))
    fake_stats = fake_summary(fake.stats, t0, last_end, latency)
    excess = sum((fake_stats[e]["server_excess_ms"].get("mean") or 0) for e in ("transcriptions", "chat")) / 1000
    latencies = [(r["completed_at"] or r["failed_at"]) - r["started_at"] for r in rows.values()
                 if r["started_at"] and (r["completed_at"] or r["failed_at"])]
    cpu = {name: round(cpu_after[name] - cpu_before[name], 2) for name in cpu_after}
    result = {
        "main": {
            "evaluations": len(ids), "enqueued": enqueued, "enqueue_s": round(t_enqueued - t0, 3),
            "all_settled": settled == len(ids), "wall_s": round(wall, 2), "ideal_s": round(ideal, 2),
            "ratio": round(wall / ideal, 3), "throughput_per_min": round(len(ends) / wall * 60, 1),
            "latency_s": _summary(latencies, 1, 2), "load_avg_1min": load.summary(),
            "worker_cpu_s": cpu, "worker_cpu_ms_per_evaluation": round(sum(cpu.values()) / len(ids) * 1000, 1),
            **overhead_from_events(by_eval, injected, excess), "fake": fake_stats,
            "stage_spans_s": _stage_spans(rows, t0),
        },
        "integrity": integrity(ids, world),
        "redis_after": redis_state(redis_url),
    }
    if profile:
        result["py_spy"] = profiles
    if faults:
        result["faults"] = _fault_outcome(fault_log, reaper_log, rows, t0, last_end, workers)
        result["faults"]["worker_crashes"] = crash_log
    m = result["main"]
    say(f"wall {m['wall_s']} s vs ideal {m['ideal_s']} s → ratio {m['ratio']}; work overhead per evaluation "
        f"{m['work_overhead_ms'].get('mean')} ms (mean); integrity {result['integrity']['status']}")
    return result


def _start_py_spy(profile, workers) -> list:
    """py-spy record (raw collapsed stacks, 50 Hz, non-blocking) on each worker and its pool children for the
    ideal's duration."""
    import subprocess

    exe, log_dir, ideal = profile
    spies = []
    for worker in workers:
        out = log_dir / f"py-spy-{worker.procfile_name}.txt"
        command = [exe, "record", "--pid", str(worker.proc.pid), "--subprocesses", "--nonblocking", "--rate", "50",
                   "--format", "raw", "--duration", str(max(5, int(ideal))), "--output", str(out)]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        spies.append((worker.procfile_name, proc, out))
    return spies


def _finish_py_spy(spies) -> dict:
    summaries = {}
    for name, proc, out in spies:
        try:
            proc.wait(timeout=120)
        except Exception:
            infra._stop_group(proc, signal.SIGINT, grace=10)
        summaries[name] = _collapsed_summary(out)
    return summaries


INTERESTING = ("make_client (siete", "create_default_context (ssl", "run_ffmpeg (siete", "probe (siete",
               "extract_audio (siete", "split_audio (siete", "local_copy (siete", "_analysis_of (siete",
               "enter_stage (siete", "mark_completed (siete", "_context (siete", "effective_prompt (siete",
               "parse_answer (siete", "sanitize_evidence (siete", "notify (siete", "commit (sqlalchemy",
               "execute (sqlalchemy", "_execute_child (subprocess", "apply_async (celery", "send (httpx",
               "_connection_for_bind (sqlalchemy", "_do_get (sqlalchemy")


def _collapsed_summary(path: Path, top: int = 12) -> dict:
    """Share of samples under each interesting frame (inclusive) and the hottest leaf frames."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return {"error": f"no output at {path}"}
    total, inclusive, leaves = 0, {}, {}
    for line in lines:
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        total += count
        frames = stack.split(";")
        seen = set()
        for frame in frames:
            for key in INTERESTING:
                if key in frame and key not in seen:
                    seen.add(key)
                    inclusive[key] = inclusive.get(key, 0) + count
        leaves[frames[-1]] = leaves.get(frames[-1], 0) + count
    share = lambda n: round(100 * n / total, 1) if total else 0.0  # noqa: E731
    return {"samples": total, "file": str(path),
            "inclusive_pct": {k: share(v) for k, v in sorted(inclusive.items(), key=lambda kv: -kv[1])},
            "top_leaf_pct": {k: share(v) for k, v in sorted(leaves.items(), key=lambda kv: -kv[1])[:top]}}


@contextmanager
def infra_load():
    sampler = LoadSampler()
    with sampler:
        yield sampler


def _stage_spans(rows: dict, t0: float) -> dict:
    """When each stage's first and last evaluation got its stored output, seconds after the first enqueue."""
    spans = {}
    for stamp in ("fetched_at", "extracted_at", "transcribed_at", "analyzed_at", "completed_at"):
        values = [r[stamp] - t0 for r in rows.values() if r[stamp]]
        if values:
            spans[stamp] = [round(min(values), 2), round(max(values), 2)]
    return spans


def _inject_faults(app, t0, ideal, workers, redis_server, celery, ids, redis_url, stop, fault_log, say, plan):
    with app.app_context():
        _inject_faults_in_context(t0, ideal, workers, redis_server, celery, ids, redis_url, stop, fault_log, say,
                                  plan)


def _fault_due(action, fraction, t0, ideal, ids, last_done, ai_concurrency) -> bool:
    """A fault fires once its share of the ideal has passed and it would hit work in progress: the media worker
    while evaluations are fetched or extracted, the ai worker once it holds many transcriptions or analyses, Redis
    8 s after the ai worker came back. Each also fires, whatever the state, at 3× its planned time."""
    elapsed = time.time() - t0
    if elapsed < fraction * ideal:
        return False
    if elapsed >= 3 * fraction * ideal + 10:
        return True
    _settled, by = settled_count(ids)
    count = lambda *stages: sum(n for key, n in by.items() if key.split("/")[1] in stages)  # noqa: E731
    if action == "kill_media":
        return count("fetching", "extracting") > 0
    if action == "kill_ai":
        return count("transcribing", "analyzing") >= min(ai_concurrency, max(1, len(ids) // 4))
    in_flight = count("transcribing", "analyzing")  # late-ack tasks running on the ai worker
    return time.time() - last_done >= 8 and in_flight >= min(ai_concurrency, max(1, len(ids) // 4))


def _inject_faults_in_context(t0, ideal, workers, redis_server, celery, ids, redis_url, stop, fault_log, say,
                              plan):
    by_name = {w.procfile_name: w for w in workers}
    ai_concurrency = int(by_name["worker_ai"].env.get("AI_CONCURRENCY") or 16)
    last_done = t0
    for action, fraction in plan:
        while not _fault_due(action, fraction, t0, ideal, ids, last_done, ai_concurrency):
            if stop.wait(0.2):
                return
        entry = {"action": action, "at_s": round(time.time() - t0, 2), "settled_before": settled_count(ids)[0],
                 "stages_before": settled_count(ids)[1], "redis_before": redis_state(redis_url)}
        try:
            if action.startswith("kill_"):
                worker = by_name[{"kill_media": "worker_media", "kill_ai": "worker_ai"}[action]]
                with worker.lock:
                    worker.kill_hard()
                    entry["redis_after_kill"] = redis_state(redis_url)
                    time.sleep(1.0)
                    worker.start()
                entry["restart_ready_s"] = round(infra.wait_workers_ready(celery, [worker]), 2)
            else:
                times = redis_server.restart(down_seconds=3.0)
                entry["redis_down_s"] = round(times["up"] - times["down"], 2)
                entry["redis_after_restart"] = redis_state(redis_url)
        except Exception as exc:
            entry["error"] = repr(exc)
        last_done = time.time()
        entry["done_at_s"] = round(last_done - t0, 2)
        fault_log.append(entry)
        say(f"  fault {action} at {entry['at_s']} s (settled {entry['settled_before']}, {entry['stages_before']}); "
            f"{ {k: v for k, v in entry.items() if k.startswith('redis_')} }")


def _supervise(workers, celery, t0, stop, crash_log, say):
    """What docker-compose's `restart: unless-stopped` (or a Procfile platform) does: a worker that exits by itself
    is started again 1 s later. Each such exit is recorded with the worker log's last CRITICAL line."""
    while not stop.wait(0.5):
        for worker in workers:
            with worker.lock:
                if worker.proc is None or worker.alive():
                    continue
                entry = {"worker": worker.procfile_name, "exited_at_s": round(time.time() - t0, 1),
                         "returncode": worker.proc.returncode, "last_critical": worker.last_critical()}
                say(f"  {worker.procfile_name} exited by itself (code {entry['returncode']}); restarting it: "
                    f"{entry['last_critical'][:200]}")
                worker.cpu_of_dead = worker.cpu_seconds()
                time.sleep(1.0)
                worker.start()
                entry["restarted_at_s"] = round(time.time() - t0, 1)
                crash_log.append(entry)


def _reaper(app, stop, reaper_log):
    """Beat's reap_stuck_evaluations, called every REAP_EVERY s in this process, as beat does."""
    from siete.core import tenancy
    from siete.evaluations.reaper import reap

    while not stop.wait(REAP_EVERY):
        try:
            with app.app_context(), tenancy.system_scope():
                outcome = reap()
        except Exception as exc:
            outcome = {"error": repr(exc)}
        if any(outcome.values()):
            reaper_log.append({"at": time.time(), **outcome})


def _fault_outcome(fault_log, reaper_log, rows, t0, last_end, workers) -> dict:
    last_fault = max((f["done_at_s"] for f in fault_log), default=0.0)
    restarted = [i for i, r in rows.items() if (r["attempts"] or 0) > 1]
    return {"injected": fault_log, "reaper": [{**r, "at_s": round(r["at"] - t0, 1)} for r in reaper_log],
            "last_fault_done_s": last_fault, "last_settled_s": round(last_end - t0, 1),
            "recovery_s_after_last_fault": round(last_end - t0 - last_fault, 1),
            "evaluations_restarted_by_reaper": len(restarted),
            "worker_starts": {w.procfile_name: w.starts for w in workers}}


def format_report(result: dict) -> str:
    """The tables for bench/RESULTS.md."""
    p, lines = result["params"], []
    m = result.get("main", {})
    injected = p["transcribe_latency_s"] + p["analyze_latency_s"]
    lines.append(f"evaluations {p['evaluations']}, latency transcription {p['transcribe_latency_s']} s + analysis "
                 f"{p['analyze_latency_s']} s, concurrency {p['concurrency']}, faults {p['faults']}"
                 + (f" (redis restart: {p['redis_restart']}, PIPELINE_TIME_SCALE {p['pipeline_time_scale']})"
                    if p["faults"] else ""))
    lines.append("")
    lines.append("| measure | value |")
    lines.append("|---|---|")
    if m:
        lines.append(f"| wall, first enqueue → last completion | **{m['wall_s']} s** |")
        lines.append(f"| ideal = {p['evaluations']} × {injected} s ÷ {p['concurrency']['ai']} | {m['ideal_s']} s |")
        lines.append(f"| ratio actual / ideal (target ≤ {TARGET_RATIO}) | **{m['ratio']}** |")
        seq = result.get("sequential")
        if seq:
            factor = p["evaluations"] / seq["evaluations"]
            lines.append(f"| sequential baseline ({seq['evaluations']} in one process, × {factor:g}) | "
                         f"{seq['extrapolated_s']} s ({seq['mean_per_evaluation_s']} s each) |")
            lines.append(f"| speed-up vs sequential | {seq['extrapolated_s'] / m['wall_s']:.1f}× |")
        lines.append(f"| work overhead per evaluation: Σ task runtimes − {injected} s (mean / p50 / p95; target "
                     f"< {TARGET_OVERHEAD_MS} ms) | **{_fmt(m['work_overhead_ms'])}** ms |")
        lines.append(f"| same, also minus the fake's own processing | {_fmt(m['platform_overhead_ms'])} ms |")
        if seq:
            lines.append(f"| sequential overhead per evaluation (time − {injected} s) | {_fmt(seq['overhead_ms'])} ms |")
        u = result.get("unloaded")
        if u:
            lines.append(f"| unloaded, one at a time: end-to-end − {injected} s | {_fmt(u['end_to_end_overhead_ms'])} ms "
                         f"(queue hops {_fmt(u['queue_hops_ms'])} ms, work {_fmt(u['work_overhead_ms'])} ms) |")
        lines.append(f"| latency per evaluation (claim → completed) | {_fmt(m['latency_s'])} s |")
        lines.append(f"| fake OpenAI: mean / max requests in flight | {m['fake']['mean_in_flight']} / "
                     f"{m['fake']['max_in_flight']['all']} (ai threads {p['concurrency']['ai']}) |")
        lines.append(f"| worker CPU (s) / per evaluation | {m['worker_cpu_s']} / {m['worker_cpu_ms_per_evaluation']} ms |")
        lines.append(f"| load average 1 min during the run | {m['load_avg_1min']} |")
        lines.append("")
        lines.append("| task | runtime ms (mean/p50/p95/max) | queue wait ms, sent → started (mean/p50/p95/max) |")
        lines.append("|---|---|---|")
        for name in TASKS:
            lines.append(f"| {name} | {_fmt(m['task_runtime_ms'][name], True)} | {_fmt(m['queue_wait_ms'][name], True)} |")
    integ = result.get("integrity")
    if integ:
        lines.append("")
        lines.append(f"integrity: {integ['status']}, failure reasons {integ['failure_reasons']}, analyses per "
                     f"evaluation {integ['analyses_per_evaluation']}, attempts {integ['attempts']}, stuck "
                     f"{integ['stuck'] or 'none'}, problems {integ['problems'] or 'none'}")
    f = result.get("faults")
    if f:
        lines.append("")
        lines.append("| fault | at s | settled before | redis before | right after | restart ready s |")
        lines.append("|---|---|---|---|---|---|")
        for entry in f["injected"]:
            after = entry.get("redis_after_kill") or entry.get("redis_after_restart")
            lines.append(f"| {entry['action']} | {entry['at_s']} | {entry['settled_before']} | "
                         f"{entry.get('redis_before')} | {after} | "
                         f"{entry.get('restart_ready_s', entry.get('redis_down_s', ''))} |")
        lines.append("")
        lines.append(f"last fault done at {f['last_fault_done_s']} s; last evaluation settled at {f['last_settled_s']} s; "
                     f"recovery {f['recovery_s_after_last_fault']} s after the last fault (target ≤ "
                     f"{RECOVERY_TARGET_S} s: {'met' if f['recovery_s_after_last_fault'] <= RECOVERY_TARGET_S else 'NOT met'}); "
                     f"restarted by the reaper: "
                     f"{f['evaluations_restarted_by_reaper']}; reaper calls that acted: {f['reaper']}")
        for crash in f.get("worker_crashes", []):
            lines.append(f"- {crash['worker']} exited by itself at {crash['exited_at_s']} s (code {crash['returncode']}), "
                         f"restarted at {crash['restarted_at_s']} s: `{crash['last_critical'][:300]}`")
    return "\n".join(lines)


def _fmt(summary: dict, with_max: bool = False) -> str:
    if not summary or not summary.get("n"):
        return "–"
    keys = ("mean", "p50", "p95", "max") if with_max else ("mean", "p50", "p95")
    return " / ".join(f"{summary[k]:g}" for k in keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="6 evaluations, 0.2 s + 0.5 s latency, no faults")
    parser.add_argument("--faults", nargs="?", const="all", choices=sorted(FAULT_PLANS),
                        help="all: SIGKILL the media and ai workers, restart Redis; redis: only restart Redis while "
                             "late-ack tasks run, at production time limits")
    parser.add_argument("--evaluations", type=int)
    parser.add_argument("--transcribe-latency", type=float)
    parser.add_argument("--analyze-latency", type=float)
    parser.add_argument("--baseline", type=int, help="evaluations in the sequential baseline (0: skip)")
    parser.add_argument("--probes", type=int, help="evaluations run one at a time on idle workers (0: skip)")
    parser.add_argument("--media-concurrency", type=int, default=2)
    parser.add_argument("--ai-concurrency", type=int, default=16)
    parser.add_argument("--default-concurrency", type=int, default=2)
    parser.add_argument("--redis-restart", choices=("wipe", "persist"), default="wipe",
                        help="wipe: no persistence, a crash (every message lost); persist: AOF, graceful restart")
    parser.add_argument("--time-scale", type=float, help=f"PIPELINE_TIME_SCALE (default {FAULT_TIME_SCALE} with "
                                                          "--faults, unset otherwise)")
    parser.add_argument("--own-redis", action="store_true", help="a private redis-server even without --faults")
    parser.add_argument("--max-wait", type=float, help="seconds to wait for the main run to settle")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--wait-load", type=float, default=1.5, help="wait for a 1-min load average below this")
    parser.add_argument("--wait-max", type=float, default=600, help="... for at most this many seconds (0: don't)")
    parser.add_argument("--py-spy", nargs="?", const=shutil.which("py-spy") or "py-spy", default=None,
                        help="profile the workers during the main run with py-spy (path to the binary)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    smoke = args.smoke
    kwargs = dict(
        evaluations=args.evaluations or (6 if smoke else 100),
        transcribe_latency=args.transcribe_latency if args.transcribe_latency is not None else (0.2 if smoke else 2.0),
        analyze_latency=args.analyze_latency if args.analyze_latency is not None else (0.5 if smoke else 5.0),
        faults=args.faults, baseline=args.baseline if args.baseline is not None else (2 if smoke else 10),
        probes=args.probes if args.probes is not None else (2 if smoke else 4),
        media_concurrency=args.media_concurrency, ai_concurrency=args.ai_concurrency,
        default_concurrency=args.default_concurrency, redis_restart=args.redis_restart, time_scale=args.time_scale,
        own_redis=args.own_redis or None, keep=args.keep, max_wait=args.max_wait,
        py_spy=args.py_spy)
    quiet = None
    if not smoke and args.wait_max > 0:
        log(f"waiting (≤ {args.wait_max:.0f} s) for the 1-min load average to drop below {args.wait_load}: "
            f"now {os.getloadavg()[0]:.2f}")
        quiet = wait_for_quiet_machine(args.wait_load, args.wait_max)
        log(f"load: {quiet}")
    try:
        result = run_pipeline_benchmark(**kwargs)
    except KeyboardInterrupt:
        log("interrupted; every process was stopped")
        return 130
    result["load_wait"] = quiet
    result["command"] = "python -m bench.pipeline.run " + " ".join(argv if argv is not None else sys.argv[1:])
    suffix = f"{'-smoke' if smoke else ''}{'-faults' if args.faults else ''}"
    out = args.json_out or CACHE / f"pipeline{suffix}-last.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print()
    print(format_report(result))
    print(f"\nfigures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
