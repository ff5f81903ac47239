"""A 100k-evaluation XLSX export through a real reports worker: wall time and the worker's peak RSS, with same-run
baselines (the raw SQL read of the same rows, the CSV export, the idle worker's RSS).

    python -m bench.reports.run [--evaluations 100000] [--reload]

The database (`siete_bench_reports[_N]`) is the API-load generator's data (bench/api_load/data.py) plus an analysis
for every completed evaluation (set-based SQL), migrated by the project's own chain and reused while it matches.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench import _pg
from bench._common import ROOT
from bench.api_load import data

MARKER = "bench_reports_marker"
REDIS = os.environ.get("BENCH_REPORTS_REDIS_URL", "redis://127.0.0.1:6379/10")

INSERT_ANALYSES = """
INSERT INTO evaluation_analysis (company_id, evaluation_id, executive_view, operative_view, provider, critical_count,
                                 created_at, updated_at, published_at)
SELECT company_id, id, '## Resumen ejecutivo\nAtención correcta.',
       jsonb_build_object(
         'IOC', jsonb_build_object('score', (id * 7) % 101, 'justificacion', 'x'),
         'IRD', jsonb_build_object('score', (id * 13) % 101, 'justificacion', 'y'),
         'CES', jsonb_build_object('score', (id * 17) % 101, 'justificacion', 'z'),
         'NPS_inferido', id % 11,
         'calidad_basica', jsonb_build_object('saludo', id % 2 = 0, 'identificacion', id % 3 = 0,
                                              'oferta', id % 5 <> 0, 'cierre', true, 'valor_agregado', id % 7 = 0),
         'verbatims', jsonb_build_object('positivos', '[]'::jsonb, 'negativos', '[]'::jsonb,
                                         'criticos', '[]'::jsonb)),
       'heuristic', CASE WHEN id % 20 = 0 THEN 1 ELSE 0 END, completed_at, completed_at, completed_at
FROM evaluations WHERE status = 'completed'
"""


def prepare(evaluations: int, reload: bool) -> dict:
    params = data.Params.sized(evaluations)
    dbname = "siete_bench_reports" if evaluations == data.FULL_SIZE else f"siete_bench_reports_{evaluations}"
    var = data.var_dir()
    with _pg.connect("postgres", autocommit=True, timeout_ms=60_000) as admin:
        exists = _pg.database_exists(admin, dbname)
        if exists and not reload:
            with _pg.connect(dbname) as conn:
                if conn.execute("SELECT to_regclass(%s) IS NOT NULL", (MARKER,)).fetchone()[0]:
                    stored = conn.execute(f"SELECT params, facts FROM {MARKER}").fetchone()
                    if stored[0] == asdict(params):
                        _pg.migrate(dbname, var)
                        print(f"reusing {dbname}")
                        return {"dbname": dbname, **stored[1]}
        if exists:
            admin.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{dbname}"')
    _pg.migrate(dbname, var)
    started = time.perf_counter()
    facts = data.load(dbname, params)
    with _pg.connect(dbname) as conn:
        conn.execute(INSERT_ANALYSES)
        conn.execute(f"CREATE TABLE {MARKER} (params jsonb, facts jsonb)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s, %s)", (json.dumps(asdict(params)), json.dumps(facts)))
    with _pg.connect(dbname, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"loaded {dbname} in {time.perf_counter() - started:.1f} s")
    return {"dbname": dbname, **facts}


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def start_worker(env: dict, log: Path):
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_app", "worker", "-Q", "reports", "-c", "1", "--pool",
         "prefork", "-n", "bench-reports@%h", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not _children(process.pid):
        time.sleep(0.2)
    time.sleep(3)  # the pool child has imported the app
    return process


def run_export(dbname: str, facts: dict, kind: str, env: dict) -> dict:
    """Insert a report row for the main company's admin, publish the task, poll until it settles."""
    from celery import Celery

    admin_id = facts["main"]["admin_id"] if "admin_id" in facts["main"] else None
    with _pg.connect(dbname) as conn:
        company_id = facts["main"]["id"]
        if admin_id is None:
            admin_id = conn.execute("SELECT id FROM users WHERE company_id = %s AND role = 1 ORDER BY id LIMIT 1",
                                    (company_id,)).fetchone()[0]
        report_id = conn.execute(
            "INSERT INTO reports (company_id, kind, filters, requested_by_id, status, progress, created_at, updated_at)"
            " VALUES (%s, %s, '{}', %s, 'pending', 0, now(), now()) RETURNING id", (company_id, kind, admin_id)
        ).fetchone()[0]
    celery = Celery(broker=REDIS)
    started = time.perf_counter()
    celery.send_task("siete.reports.build", args=[report_id], queue="reports")
    with _pg.connect(dbname, autocommit=True) as conn:
        while True:
            status, rows, size, error = conn.execute(
                "SELECT status, rows, size_bytes, error_message FROM reports WHERE id = %s", (report_id,)).fetchone()
            if status in ("completed", "failed"):
                break
            if time.perf_counter() - started > 1800:
                raise TimeoutError("the export did not finish in 30 minutes")
            time.sleep(0.1)
    elapsed = time.perf_counter() - started
    if status != "completed":
        raise RuntimeError(f"report {report_id} failed: {error}")
    key = conn_key(dbname, report_id)
    return {"report_id": report_id, "seconds": elapsed, "rows": rows, "bytes": size, "key": key}


def conn_key(dbname, report_id):
    with _pg.connect(dbname) as conn:
        return conn.execute("SELECT storage_key FROM reports WHERE id = %s", (report_id,)).fetchone()[0]


def raw_read_seconds(dbname: str, company_id: int) -> float:
    """Floor: the same join read by plain psycopg into a throwaway CSV buffer (no ORM, no spreadsheet)."""
    query = ("COPY (SELECT e.id, e.created_at, c.name, z.name, u.first_name || ' ' || u.last_name, e.status, "
             "e.duration_seconds, a.operative_view->'IOC'->'score', a.operative_view->'IRD'->'score', "
             "a.operative_view->'CES'->'score', a.operative_view->'NPS_inferido', a.operative_view->'calidad_basica', "
             "a.critical_count FROM evaluations e JOIN campaigns c ON c.id = e.campaign_id "
             "JOIN zones z ON z.id = e.zone_id JOIN users u ON u.id = e.user_id "
             "LEFT JOIN evaluation_analysis a ON a.evaluation_id = e.id "
             f"WHERE e.company_id = {int(company_id)} AND e.deleted_at IS NULL "
             "ORDER BY e.created_at DESC, e.id) TO STDOUT WITH CSV")
    started = time.perf_counter()
    with _pg.connect(dbname) as conn, conn.cursor() as cur:
        sink = io.BytesIO()
        with cur.copy(query) as copy:
            for chunk in copy:
                sink.write(chunk)
    return time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=data.FULL_SIZE)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--no-verify", action="store_true", help="skip reading the XLSX back with openpyxl")
    parser.add_argument("--json-out", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    with _pg.bench_lock("siete_bench_reports"):
        facts = prepare(args.evaluations, args.reload)
        dbname = facts["dbname"]
        with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
            env = {**os.environ, "DATABASE_URL": _pg.dsn(dbname), "REDIS_URL": REDIS, "SIETE_VAR_DIR": tmp,
                   "MEDIA_ROOT": str(Path(tmp) / "media"), "STORAGE_BACKEND": "local", "LOG_LEVEL": "WARNING"}
            worker = start_worker(env, Path(tmp) / "worker.log")
            try:
                [child] = _children(worker.pid)
                idle_kb = _rss_kb(child)
                raw = raw_read_seconds(dbname, facts["main"]["id"])
                results = {}
                for kind in ("evaluations_csv", "evaluations_xlsx"):
                    results[kind] = run_export(dbname, facts, kind, env)
                    results[kind]["child_peak_kb"] = _rss_kb(child, "VmHWM")  # the child's high-water mark so far
                    results[kind]["main_rss_kb"] = _rss_kb(worker.pid)
                xlsx = results["evaluations_xlsx"]
                verified = None
                if not args.no_verify:
                    import openpyxl

                    book = openpyxl.load_workbook(Path(tmp) / "media" / xlsx["key"], read_only=True)
                    verified = sum(1 for _ in book.active.iter_rows(min_row=4, values_only=True))
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=60)
    expected = facts["live_evaluations"][str(facts["main"]["id"])]
    result = {"evaluations": expected, "idle_child_rss_mb": round(idle_kb / 1024, 1),
              "raw_sql_read_s": round(raw, 2), "verified_xlsx_rows": verified,
              **{k: {"seconds": round(v["seconds"], 2), "rows": v["rows"], "mb": round(v["bytes"] / 2**20, 1),
                     "child_peak_rss_mb": round(v["child_peak_kb"] / 1024, 1),
                     "main_rss_mb": round(v["main_rss_kb"] / 1024, 1),
                     "x_raw": round(v["seconds"] / raw, 1)} for k, v in results.items()}}
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result))
    assert results["evaluations_xlsx"]["rows"] == expected and verified in (None, expected)


if __name__ == "__main__":
    main()
