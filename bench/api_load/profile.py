"""Why the real list is slower than the floor: py-spy on the live gunicorn workers under load, and the exact SQL the
app runs per request with EXPLAIN (ANALYZE, BUFFERS).

Usage: python -m bench.api_load.profile [--evaluations 100000] [--seconds 20] [--endpoint list|detail]
                                        [--explain-only] [--top 25]

py-spy is a diagnostic tool, not a project dependency: `pip install py-spy` into the venv (not pyproject).
The database is the one `python -m bench.api_load.run` prepares (reused when present).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import CACHE, ROOT
from bench.api_load import data, loadgen, servers
from bench.api_load.run import PAGES, list_path, login, real_env

# Inclusive share of the samples whose stack passes through one of these frames (function name, file part).
BUCKETS = {
    "JWT verify + blocklist + user reload": [("verify_jwt_in_request", "flask_jwt_extended")],
    "  user reload (SELECT users JOIN companies)": [("_load_user", "siete/auth/tokens.py")],
    "  blocklist (Redis EXISTS)": [("_is_revoked", "siete/auth/tokens.py")],
    "webargs parse (query args)": [("parse", "webargs")],
    "SelectPage.item_count (COUNT)": [("item_count", "siete/core/pagination.py")],
    "SelectPage.items (page query + ORM rows)": [("items", "siete/core/pagination.py")],
    "evaluation_detail (2 ORM queries)": [("evaluation_detail", "siete/evaluations/service.py")],
    "tenancy _apply_scope (do_orm_execute)": [("_apply_scope", "siete/core/tenancy.py")],
    "SQLAlchemy compile / cache key": [("_compiler", "sqlalchemy"), ("_generate_cache_key", "sqlalchemy"),
                                       ("compile", "sqlalchemy/sql/elements.py")],
    "psycopg execute (wait + protocol)": [("execute", "psycopg/cursor.py")],
    "pool checkout (+ pre-ping)": [("_checkout", "sqlalchemy/pool/base.py")],
    "session close / rollback (teardown)": [("remove", "sqlalchemy/orm/scoping.py")],
    "marshmallow dump": [("dump", "marshmallow/schema.py")],
    "flask-smorest response/pagination wrappers": [("wrapper", "flask_smorest/response.py"),
                                                   ("wrapper", "flask_smorest/pagination.py")],
    "prometheus observe (multiprocess)": [("_observe", "siete/core/metrics.py")],
    "request id / logging hooks": [("_bind_request_id", "siete/core/observability.py"),
                                   ("_echo_request_id", "siete/core/observability.py")],
    "Flask full_dispatch_request": [("full_dispatch_request", "flask/app.py")],
    "gunicorn gthread (accept/parse/write)": [("handle", "gunicorn/workers/gthread.py")],
}


def _frames(stack: str) -> list[tuple[str, str]]:
    """py-spy raw frame 'func (path/file.py)' or 'func (path/file.py:123)' -> (func, path)."""
    out = []
    for frame in stack.split(";"):
        name, _, rest = frame.partition(" (")
        out.append((name.strip(), rest.rstrip(")")))
    return out


IN_REQUEST = ("handle", "gunicorn/workers/gthread.py")


def _is(qualified: str, name: str) -> bool:
    """py-spy names are qualified (`Class.method`, `outer.<locals>.inner`): compare the last part."""
    return qualified == name or qualified.endswith("." + name)


def summarize(raw_text: str, top: int, *, in_request_only: bool = False) -> dict:
    """Inclusive bucket shares and top self frames; `in_request_only` keeps the stacks of threads serving a request
    (for wall-clock samples, which also hold idle pool threads waiting for work)."""
    total, buckets, self_time = 0, Counter(), Counter()
    for line in raw_text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        frames = _frames(stack)
        if in_request_only and not any(_is(n, IN_REQUEST[0]) and IN_REQUEST[1] in p for n, p in frames):
            continue
        total += count
        for bucket, patterns in BUCKETS.items():
            if any(_is(name, f) and part in path for name, path in frames for f, part in patterns):
                buckets[bucket] += count
        name, path = frames[-1]
        self_time[f"{name} ({path.split(':')[0][-60:]})"] += count
    return {
        "samples": total,
        "inclusive_pct": {k: round(100 * buckets[k] / max(total, 1), 1) for k in BUCKETS},
        "top_self_pct": [(k, round(100 * v / max(total, 1), 1)) for k, v in self_time.most_common(top)],
    }


def py_spy(master_pid: int, seconds: float, out: Path, *, mode: str) -> subprocess.Popen:
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists() and not shutil.which("py-spy"):
        raise RuntimeError("py-spy is not installed: pip install py-spy (into the venv only)")
    command = [exe, "record", "--pid", str(master_pid), "--subprocesses", "--duration", str(int(seconds)),
               "--rate", "200", "--format", "raw", "--nolineno", "--nonblocking", "--output", str(out)]
    command.append({"gil": "--gil", "wall": "--idle"}[mode])
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def profile_under_load(dbname: str, facts: dict, ids: list[int], *, endpoint: str, seconds: float, top: int) -> dict:
    var = data.var_dir()
    (var / "logs").mkdir(exist_ok=True)
    server = servers.Server("real-profiled", "wsgi:app", real_env(dbname, var), var / "logs", "/health")
    result = {}
    with server:
        token = login(server.url, facts["main"]["admin_email"])
        auth = {"Authorization": f"Bearer {token}"}
        paths = [list_path(p) for p in PAGES] if endpoint == "list" else [f"/api/v1/evaluations/{i}" for i in ids]
        loadgen.run_wrk(server.url, paths, headers=auth, seconds=5)
        with tempfile.TemporaryDirectory() as tmp:
            for mode in ("gil", "wall"):
                out = Path(tmp) / f"{mode}.txt"
                spy = py_spy(server.proc.pid, seconds, out, mode=mode)
                time.sleep(1)
                load = loadgen.run_wrk(server.url, paths, headers=auth, seconds=seconds)
                _o, err = spy.communicate(timeout=seconds + 60)
                if spy.returncode != 0 or not out.exists():
                    raise RuntimeError(f"py-spy failed: {err.decode()[-1000:]}")
                text = out.read_text()
                (CACHE / f"api_load-pyspy-{endpoint}-{mode}.txt").write_text(text)
                result[mode] = {"load": {k: load[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms")},
                                **summarize(text, top, in_request_only=mode == "wall")}
    return result


def _walk_buckets(frame, found: Counter, active: frozenset = frozenset()) -> None:
    """Inclusive time per bucket over a pyinstrument frame tree (nested frames of one bucket counted once)."""
    name, path = frame.function or "", frame.file_path or ""
    hits = frozenset(bucket for bucket, patterns in BUCKETS.items()
                     if bucket not in active and any(_is(name, f) and part in path for f, part in patterns))
    for bucket in hits:
        found[bucket] += frame.time
    for child in frame.children:
        _walk_buckets(child, found, active | hits)


def _inprocess_child() -> None:
    """Fresh interpreter: N sequential requests through the test client under pyinstrument (wall clock)."""
    from pyinstrument import Profiler

    from siete import create_app

    app = create_app()
    client = app.test_client()
    answer = client.post("/api/v1/auth/login", json={"email": os.environ["BENCH_PROFILE_EMAIL"],
                                                     "password": data.PASSWORD})
    headers = {"Authorization": f"Bearer {answer.get_json()['access_token']}"}
    n = int(os.environ.get("BENCH_PROFILE_N", "500"))
    ids = json.loads(os.environ["BENCH_PROFILE_IDS"])
    out = {}
    for endpoint in ("list", "detail"):
        paths = [list_path(p) for p in PAGES] if endpoint == "list" else [f"/api/v1/evaluations/{i}" for i in ids]
        for i in range(50):
            client.get(paths[i % len(paths)], headers=headers)
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for i in range(n):
            assert client.get(paths[i % len(paths)], headers=headers).status_code == 200
        session = profiler.stop()
        root = session.root_frame()
        found = Counter()
        _walk_buckets(root, found)
        out[endpoint] = {"ms_per_request": round(1000 * root.time / n, 3),
                         "buckets_ms": {k: round(1000 * found[k] / n, 3) for k in BUCKETS}}
        (CACHE / f"api_load-pyinstrument-{endpoint}.txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False))
    print("PROFILEJSON " + json.dumps(out))


def inprocess_profile(dbname: str, facts: dict, ids: list[int], n: int) -> dict:
    env = {**real_env(dbname, data.var_dir()), "BENCH_PROFILE_N": str(n),
           "BENCH_PROFILE_EMAIL": facts["main"]["admin_email"], "BENCH_PROFILE_IDS": json.dumps(ids[:200])}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    done = subprocess.run([sys.executable, "-c", "from bench.api_load.profile import _inprocess_child as c; c()"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    line = next((l for l in done.stdout.splitlines() if l.startswith("PROFILEJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"in-process profile failed: {done.stderr[-3000:]}")
    return json.loads(line.removeprefix("PROFILEJSON "))


def explain(dbname: str, facts: dict, sample_id: int) -> list[dict]:
    """Run one list and one detail request in-process, capture every SQL statement, EXPLAIN ANALYZE each one."""
    var = data.var_dir()
    env = real_env(dbname, var)
    saved = dict(os.environ)
    os.environ.update({k: v for k, v in env.items() if k != "PROMETHEUS_MULTIPROC_DIR"})
    try:
        from sqlalchemy import event

        from siete import create_app
        from siete.extensions import db

        app = create_app()
        captured = []
        with app.app_context():
            engine = db.engine

            def grab(_conn, _cursor, statement, parameters, _context, _many):
                captured.append((statement, parameters))

            event.listen(engine, "before_cursor_execute", grab)
            client = app.test_client()
            answer = client.post("/api/v1/auth/login", json={"email": facts["main"]["admin_email"],
                                                             "password": data.PASSWORD})
            headers = {"Authorization": f"Bearer {answer.get_json()['access_token']}"}
            out = []
            for label, path in (("list page 5", list_path(5)), ("detail", f"/api/v1/evaluations/{sample_id}")):
                captured.clear()
                response = client.get(path, headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)
                statements = list(captured)
                for statement, parameters in statements:
                    with engine.connect() as conn:
                        raw = conn.connection.driver_connection
                        started = time.perf_counter()
                        raw.execute(statement, parameters)
                        client_ms = (time.perf_counter() - started) * 1000
                        plan = [r[0] for r in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)]
                        conn.rollback()
                    out.append({"request": label, "sql": " ".join(statement.split()), "params": repr(parameters),
                                "client_ms": round(client_ms, 3), "plan": plan})
            event.remove(engine, "before_cursor_execute", grab)
        return out
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluations", type=int, default=data.FULL_SIZE)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--endpoint", choices=("list", "detail"), default="list")
    parser.add_argument("--explain-only", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--inprocess", action="store_true",
                        help="pyinstrument over sequential test-client requests instead of py-spy under load")
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args(argv)
    dbname = data.database_for(args.evaluations)
    with data.bench_lock(dbname):
        db = data.prepare_database(data.Params.sized(args.evaluations))
        facts = db["facts"]
        ids = loadgen.shuffled(data.sample_ids(dbname, facts["main"]["id"]))
        report = {"explain": [] if args.inprocess else explain(dbname, facts, ids[0])}
        for item in report["explain"]:
            print(f"\n-- {item['request']}: {item['client_ms']} ms from the client\n{item['sql']}\n   {item['params']}")
            print("\n".join("   " + line for line in item["plan"]))
        if args.inprocess:
            result = report["inprocess"] = inprocess_profile(dbname, facts, ids, args.requests)
            for endpoint, summary in result.items():
                print(f"\n== pyinstrument {endpoint}: {summary['ms_per_request']} ms per request "
                      f"(wall, sequential, {args.requests} requests); inclusive ms per request:")
                for bucket, ms in summary["buckets_ms"].items():
                    print(f"  {ms:7.3f}  {bucket}")
        elif not args.explain_only:
            report["profile"] = profile_under_load(dbname, facts, ids, endpoint=args.endpoint, seconds=args.seconds,
                                                   top=args.top)
            for mode, summary in report["profile"].items():
                print(f"\n== py-spy ({mode}: {'threads holding the GIL' if mode == 'gil' else 'wall clock of threads serving a request'}),"
                      f" {args.endpoint}, {summary['samples']} samples, under load {summary['load']}")
                for bucket, pct in summary["inclusive_pct"].items():
                    print(f"  {pct:5.1f} %  {bucket}")
                print("  top self:")
                for name, pct in summary["top_self_pct"]:
                    print(f"  {pct:5.1f} %  {name}")
    (CACHE / f"api_load-profile-{args.endpoint}.json").write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
