"""One run: load, rebuild, measure the API and the baseline interleaved, compare, report."""
from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import platform
import subprocess
import time
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from psycopg import sql
from bench._common import CACHE, ROOT
from bench.dashboard.app import _redis_url, _token, make_app, rebuild_rollups, touch_and_refresh
from bench.dashboard.baseline import BASELINE_SETTINGS, compare, explain_baseline, measure_interleaved
from bench.dashboard.data import BULK_TABLES, _bench_lock, _connect, prepare_database
from bench.dashboard.measure import explain, measure_api, profile_requests, statement_breakdown
from bench.dashboard.params import DEFAULT_DATABASE, FULL_SIZE, Params, TARGET_MEDIAN_MS, TARGET_SPEEDUP, _log, database_for


def _machine() -> dict:
    facts = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(),
             "cpus_usable": len(os.sched_getaffinity(0)), "python": platform.python_version(),
             "kernel": platform.release(), "loadavg": [round(x, 2) for x in os.getloadavg()]}
    try:
        facts["cpu_model"] = next(line.split(":", 1)[1].strip() for line in
                                  Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        facts["cpu_model"] = "unknown"
    with contextlib.suppress(Exception):
        facts["free_h"] = subprocess.run(["free", "-h"], capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    with contextlib.suppress(Exception), _connect("postgres", timeout_ms=10_000) as conn:
        facts["postgres"] = conn.execute("SHOW server_version").fetchone()[0]
        facts["pg_settings"] = dict(conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            (["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit", "effective_cache_size",
              "random_page_cost"],)).fetchall())
    with contextlib.suppress(Exception):
        facts["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                      text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "siete", "migrations"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10, check=False).stdout.split("\n")
        facts["dirty_app_files"] = [line[3:] for line in dirty if line.strip()]
    return facts


def _sizes(dbname: str, company_id: int) -> dict:
    with _connect(dbname, timeout_ms=600_000) as conn:
        counts = dict(conn.execute(
            "SELECT status, count(*) FROM evaluations WHERE company_id = %s GROUP BY status", (company_id,)).fetchall())
        other = conn.execute("SELECT count(*) FROM evaluations WHERE company_id <> %s", (company_id,)).fetchone()[0]
        analyses = conn.execute("SELECT count(*), sum(critical_count), count(*) FILTER (WHERE critical_count > 0) "
                                "FROM evaluation_analysis WHERE company_id = %s", (company_id,)).fetchone()
        rollup_rows = conn.execute("SELECT count(*) FROM evaluation_rollups WHERE company_id = %s",
                                   (company_id,)).fetchone()[0]
        all_rollups = conn.execute("SELECT count(*) FROM evaluation_rollups").fetchone()[0]
        sizes = dict(conn.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relname = ANY(%s)",
            (["evaluations", "evaluation_analysis", "evaluation_rollups"],)).fetchall())
        database = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
        ov = conn.execute("SELECT avg(pg_column_size(operative_view))::int FROM evaluation_analysis").fetchone()[0]
    return {"evaluations_by_status": counts, "evaluations": sum(counts.values()), "other_companies_evaluations": other,
            "analyses": analyses[0], "critical_verbatims": int(analyses[1] or 0), "analyses_with_critical": analyses[2],
            "rollup_rows_company": rollup_rows, "rollup_rows_all": all_rollups, "table_sizes": sizes,
            "database_size": database, "operative_view_avg_bytes": ov}


def _validate_sample(app, dbname: str, company_id: int, n: int = 200) -> int:
    """A sample of generated operative views passes the engine's own OperativeViewSchema."""
    from siete.ai.schemas import validate_operative_view

    with _connect(dbname) as conn:
        views = [r[0] for r in conn.execute("SELECT operative_view FROM evaluation_analysis WHERE company_id = %s "
                                            "ORDER BY id DESC LIMIT %s", (company_id, n)).fetchall()]
    for view in views:
        validate_operative_view(view)
    return len(views)


def _tenancy_check(app, dbname: str, ids: dict, token: str) -> dict:
    """The admin's dashboard counts only its company: its totals equal that company's raw count, not the table's."""
    with _connect(dbname) as conn:
        own = conn.execute("SELECT count(*) FROM evaluations WHERE company_id = %s AND deleted_at IS NULL",
                           (ids["company_id"],)).fetchone()[0]
        everyone = conn.execute("SELECT count(*) FROM evaluations WHERE deleted_at IS NULL").fetchone()[0]
    return {"company_evaluations": own, "all_evaluations": everyone}


def run_dashboard_benchmark(evaluations: int = FULL_SIZE, requests: int = 50, *, baseline_runs: int = 5,
                            warmup: int = 5, database: str | None = None, reload: bool = False,
                            redis: str | None = "auto", explain_plans: bool = False, profile: bool = False,
                            refresh_spread: bool = True, period_days: int = 30,
                            diagnose: bool | None = None,
                            budget_s: float = 600, lock_wait_s: float = 1800,
                            verbose: bool = False) -> dict:
    """Load (or reuse) the data set, rebuild and refresh the rollups, time the API and the raw baseline, compare.

    Returns plain figures: load/rebuild/refresh seconds, api and baseline medians/p95, the ratio, targets met,
    `mismatches` (empty when the API and the raw tables agree), the per-statement breakdown and, on request or
    when a target is missed (`diagnose=None`), EXPLAIN ANALYZE plans and a Python profile."""
    params = Params.sized(evaluations)
    dbname = database or database_for(evaluations)
    result = {"machine": _machine(), "params": asdict(params), "database": dbname}
    with _bench_lock(dbname, lock_wait_s):
        marker, reused = prepare_database(dbname, params, reload=reload, verbose=verbose)
        ids = marker["ids"]
        result.update(reused=reused, load_seconds=round(marker["load_seconds"], 1),
                      load_timings=ids.get("load_timings"), ids={k: v for k, v in ids.items() if k != "load_timings"})
        redis_url = _redis_url(redis)
        app = make_app(dbname, redis_url)
        try:
            _measure(app, dbname, ids, result, redis_url=redis_url, requests=requests, warmup=warmup,
                     baseline_runs=baseline_runs, explain_plans=explain_plans, profile=profile,
                     refresh_spread=refresh_spread, period_days=period_days, diagnose=diagnose,
                     budget_s=budget_s, verbose=verbose)
        finally:
            with app.app_context():
                from siete.extensions import db

                db.engine.dispose()
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _measure(app, dbname: str, ids: dict, result: dict, *, redis_url, requests, warmup, baseline_runs, explain_plans,
             profile, refresh_spread, period_days, diagnose, budget_s, verbose) -> None:
    """The timed part of run_dashboard_benchmark, filling `result`."""
    result["blocklist"] = "redis" if redis_url else "memory"
    result["validated_operative_views"] = _validate_sample(app, dbname, ids["company_id"])
    _log(verbose, "rebuilding rollups (siete.dashboard.rollups.rebuild)")
    result["rebuild"] = rebuild_rollups(app)
    _log(verbose, f"rebuild: {result['rebuild']}")
    result["refresh"] = [touch_and_refresh(app, dbname, ids["company_id"], recent_days=3)]
    if refresh_spread:
        result["refresh"].append(touch_and_refresh(app, dbname, ids["company_id"], recent_days=None))
    _log(verbose, f"refresh: {result['refresh']}")
    vacuum_started = time.perf_counter()
    with _connect(dbname, autocommit=True) as conn:  # what autovacuum does soon after a rebuild rewrites a table
        for table in ("evaluation_rollups", *BULK_TABLES):
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
    result["vacuum_analyze_s"] = time.perf_counter() - vacuum_started
    result["sizes"] = _sizes(dbname, ids["company_id"])
    token = _token(app, ids)
    _log(verbose, f"timing GET /api/v1/dashboard x{requests} (+{warmup} warm-up) interleaved with the raw-table "
                  f"baseline x{baseline_runs} ({', '.join(BASELINE_SETTINGS)})")
    api, base = measure_interleaved(app, token, dbname, ids["company_id"], requests=requests, warmup=warmup,
                                    baseline_runs=baseline_runs, budget_s=budget_s)
    _log(verbose, f"api median {api['median_ms']:.1f} ms, p95 {api['p95_ms']:.1f} ms; "
                  f"baseline median {base['median_ms']:.1f} ms ({base['variant']})")
    if period_days:
        last = date.fromisoformat(ids["window"][1])
        query = f"?date_from={last - timedelta(days=period_days - 1)}&date_to={last}"
        period = measure_api(app, token, requests=max(5, requests // 2), warmup=2, budget_s=budget_s, query=query)
        result["api_period"] = {k: v for k, v in period.items() if k not in ("body", "times_ms")}
        result["api_period"]["submitted"] = period["body"]["submitted"]
        _log(verbose, f"api {query}: median {period['median_ms']:.1f} ms")
    result["mismatches"] = compare(api["body"], base["result"]) + [
        f"baseline '{name}': {m}" for name, ms in base["settings_mismatches"].items() for m in ms]
    result["tenancy"] = _tenancy_check(app, dbname, ids, token)
    result["tenancy"]["dashboard_submitted"] = api["body"]["submitted"]
    if api["body"]["submitted"] != result["tenancy"]["company_evaluations"]:
        result["mismatches"].append(f"tenancy: dashboard counts {api['body']['submitted']} evaluations, the "
                                    f"company has {result['tenancy']['company_evaluations']}")
    breakdown = statement_breakdown(app, token)
    ratio = base["median_ms"] / api["median_ms"]
    result["api"] = {k: v for k, v in api.items() if k != "body"}
    result["baseline"] = {k: v for k, v in base.items() if k != "result"}
    result["ratio"] = ratio
    result["targets"] = {"median_ms": TARGET_MEDIAN_MS, "speedup": TARGET_SPEEDUP,
                         "median_met": api["median_ms"] <= TARGET_MEDIAN_MS, "speedup_met": ratio >= TARGET_SPEEDUP}
    result["breakdown"] = {**breakdown, "statements": [{k: v for k, v in s.items() if k != "params"}
                                                       for s in breakdown["statements"]]}
    missed = not (result["targets"]["median_met"] and result["targets"]["speedup_met"])
    missed = missed if diagnose is None else diagnose  # diagnose=False: a smoke test skips plans and profiles
    if explain_plans or missed:
        result["explain"] = explain(app, breakdown["statements"])
        result["explain_baseline"] = explain_baseline(dbname, ids["company_id"], base["variant"])
    if profile or missed:
        result["profile"] = profile_requests(app, token)


def _print_report(r: dict) -> None:
    api, base, t = r["api"], r["baseline"], r["targets"]
    s = r["sizes"]
    m = r["machine"]
    print(f"\n{m['date']}, git {m.get('git')}, {m['nproc']} CPUs ({m['cpu_model']}), PostgreSQL {m.get('postgres')}, "
          f"load average {m['loadavg']} at start, {r['loadavg_end']} at end")
    print(f"database {r['database']} ({'reused' if r['reused'] else 'loaded'}: {r['load_seconds']} s"
          + (f" — {', '.join(f'{k} {v:.1f}' for k, v in r['load_timings'].items())}" if r.get("load_timings") else "")
          + ")")
    print(f"company {r['ids']['company_id']}: {s['evaluations']:,} evaluations {s['evaluations_by_status']}, "
          f"{s['analyses']:,} analyses, {s['critical_verbatims']:,} critical verbatims; "
          f"{s['other_companies_evaluations']:,} evaluations in {len(r['ids']['other_company_ids'])} other companies")
    print(f"rollups: {s['rollup_rows_company']:,} rows for the company ({s['rollup_rows_all']:,} in all); sizes "
          f"{s['table_sizes']}; operative_view {s['operative_view_avg_bytes']} B avg")
    rb = r["rebuild"]
    print(f"rebuild(): {rb['days']} company-days, {rb['rows']:,} rows in {rb['seconds']:.1f} s")
    for f in r["refresh"]:
        print(f"refresh() after touching {f['touched']} evaluations ({f['spread']}): {f['days']} company-days, "
              f"{f['rows']:,} rows in {f['seconds']:.2f} s")
    print()
    print(f"GET /api/v1/dashboard as admin (Flask test client, blocklist in {r['blocklist']}; interleaved with the "
          f"baseline runs): "
          f"median {api['median_ms']:.1f} ms, p95 {api['p95_ms']:.1f} ms, min {api['min_ms']:.1f}, "
          f"max {api['max_ms']:.1f} ({api['requests']} requests after {api['warmup']} warm-up)")
    for name, v in base["variants"].items():
        print(f"raw-table baseline ({name}): median {v['median_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms "
              f"({v['runs']} runs) {v['times_ms']}")
    print(f"(for information: the same query extracting each JSON path separately, as aggregate_select() does, "
          f"took {base['per_path_once_ms']:.1f} ms once; same figures: {not base['per_path_mismatches']})")
    print(f"ratio (baseline {base['variant']} / api): {r['ratio']:.1f}x")
    print(f"same figures: {'yes' if not r['mismatches'] else 'NO: ' + '; '.join(r['mismatches'][:10])}")
    print(f"tenancy: dashboard submitted {r['tenancy']['dashboard_submitted']:,} = company's "
          f"{r['tenancy']['company_evaluations']:,} (all companies {r['tenancy']['all_evaluations']:,})")
    print(f"targets: median <= {t['median_ms']:.0f} ms {'MET' if t['median_met'] else 'NOT MET'}; "
          f">= {t['speedup']:.0f}x {'MET' if t['speedup_met'] else 'NOT MET'}")
    if r.get("api_period"):
        pp = r["api_period"]
        print(f"GET {pp['url']} (a {pp['submitted']:,}-evaluation period; leaderboard reads its days only): "
              f"median {pp['median_ms']:.1f} ms, p95 {pp['p95_ms']:.1f} ms ({pp['requests']} requests)")
    b = r["breakdown"]
    print(f"\nwhere a request's time goes (median of 5): request {b['request_median_ms']:.1f} ms = SQL "
          f"{b['sql_ms']:.1f} ms + Python {b['python_ms']:.1f} ms")
    for st in b["statements"]:
        print(f"  {st['median_ms']:8.2f} ms  {st['label']}")
    for plan in r.get("explain", []):
        print(f"\nEXPLAIN ANALYZE — {plan['label']}\n{plan['plan']}")
    if r.get("explain_baseline"):
        print(f"\nEXPLAIN ANALYZE — raw-table baseline aggregate\n{r['explain_baseline']}")
    if r.get("profile"):
        print(f"\npyinstrument profile (20 requests)\n{r['profile']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=FULL_SIZE)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--database", help=f"default {DEFAULT_DATABASE} (full size) or {DEFAULT_DATABASE}_<n>")
    parser.add_argument("--reload", action="store_true", help="drop and load the bench database again")
    parser.add_argument("--redis", default="auto", help="token blocklist Redis URL, 'auto' (default) or 'none'")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every dashboard query")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of 20 requests")
    parser.add_argument("--no-spread-refresh", action="store_true", help="skip the whole-year refresh variant")
    parser.add_argument("--period-days", type=int, default=30, help="also time a date-filtered dashboard (0: skip)")
    parser.add_argument("--timeout", type=float, default=3600, help="hard stop for the whole run, seconds")
    parser.add_argument("--json", type=Path, default=None, help="figures as JSON (default var/bench/dashboard-*.json)")
    args = parser.parse_args(argv)
    faulthandler.dump_traceback_later(args.timeout, exit=True)  # the benchmark always stops by itself
    try:
        result = run_dashboard_benchmark(args.evaluations, args.requests, baseline_runs=args.baseline_runs,
                                         warmup=args.warmup, database=args.database, reload=args.reload,
                                         redis=args.redis, explain_plans=args.explain, profile=args.profile,
                                         refresh_spread=not args.no_spread_refresh,
                                         period_days=args.period_days, verbose=True)
    finally:
        faulthandler.cancel_dump_traceback_later()
    _print_report(result)
    out = args.json or CACHE / f"dashboard-{args.evaluations}-last.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"\nfigures: {out}")
    return 0 if not result["mismatches"] else 1
