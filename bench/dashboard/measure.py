"""Timing GET /api/v1/dashboard: latency, per-statement breakdown, EXPLAIN and a profile."""
from __future__ import annotations

import contextlib
import math
import statistics
import time


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def measure_api(app, token: str, *, requests: int, warmup: int, budget_s: float, query: str = "") -> dict:
    """GET /api/v1/dashboard through the Flask test client (the whole WSGI app: JWT, user reload, tenancy, the
    service's queries, marshmallow dump, JSON), each request in its own app context and session."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = "/api/v1/dashboard" + query
    body = None
    deadline = time.monotonic() + budget_s
    for _ in range(warmup):
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.get_data(as_text=True)[:500]}")
        body = response.get_json()
    times = []
    while len(times) < requests and time.monotonic() < deadline:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    body = response.get_json() if times else body
    return {"url": url, "requests": len(times), "warmup": warmup, "median_ms": statistics.median(times),
            "p95_ms": _percentile(times, 0.95), "min_ms": min(times), "max_ms": max(times),
            "mean_ms": statistics.fmean(times), "body": body, "times_ms": [round(t, 2) for t in times]}


@contextlib.contextmanager
def _statements(engine):
    """Every SQL statement the app sends while inside, with parameters and its execute time."""
    from sqlalchemy import event

    captured = []

    def before(conn, _cursor, _statement, _parameters, _context, _executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, _cursor, statement, parameters, _context, _executemany):
        started = conn.info["bench_started"].pop()
        captured.append({"sql": statement, "params": parameters, "ms": (time.perf_counter() - started) * 1000})

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield captured
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def statement_breakdown(app, token: str, *, runs: int = 5) -> dict:
    """Per-statement time inside the request, the median of `runs` requests, to show where the time goes."""
    from siete.extensions import db

    client = app.test_client()
    with app.app_context():
        engine = db.engine
    per_run, totals = [], []
    for _ in range(runs):
        with _statements(engine) as captured:
            started = time.perf_counter()
            client.get("/api/v1/dashboard", headers={"Authorization": f"Bearer {token}"})
            totals.append((time.perf_counter() - started) * 1000)
        per_run.append(captured)
    statements = []
    for i, first in enumerate(per_run[0]):
        times = [run[i]["ms"] for run in per_run if i < len(run) and run[i]["sql"] == first["sql"]]
        statements.append({"n": i + 1, "label": _label(first["sql"]), "median_ms": statistics.median(times),
                           "sql": first["sql"], "params": first["params"]})
    sql_ms = sum(s["median_ms"] for s in statements)
    request_ms = statistics.median(totals)
    return {"request_median_ms": request_ms, "sql_ms": sql_ms, "python_ms": request_ms - sql_ms,
            "statements": statements}


def _label(statement: str) -> str:
    s = " ".join(statement.split())
    if "FROM users" in s and "WHERE users.id =" in s and "LIMIT" not in s and "first_name ||" not in s:
        return "user reload (JWT)"
    if "shopper_months" in s:
        return "leaderboard (monthly shopper rollup)"
    if "GROUPING SETS" in s:
        return "totals + by_campaign + by_zone (rollups, one query)"
    if "critical_count > " in s:
        return "top_critical (raw: evaluation_analysis ⋈ evaluations)"
    if "GROUP BY evaluations.user_id" in s:
        return "leaderboard (raw: evaluations)"
    if "first_name ||" in s:
        return "leaderboard names (users)"
    if "FROM evaluation_rollups" in s:
        if "GROUP BY evaluation_rollups.campaign_id" in s:
            return "by_campaign (rollups)"
        if "GROUP BY evaluation_rollups.zone_id" in s:
            return "by_zone (rollups)"
        return "totals (rollups)"
    if "campaigns.goal" in s:
        return "campaign names and goals" if "campaigns.name" in s else "campaign goals"
    if "FROM campaigns" in s:
        return "campaign names"
    if "FROM zones" in s:
        return "zone names"
    return s[:60]


def explain(app, statements: list[dict]) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of each captured statement with its own parameters."""
    from siete.extensions import db

    plans = []
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            for s in statements:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + s["sql"], s["params"])
                plans.append({"label": s["label"], "plan": "\n".join(r[0] for r in cur.fetchall())})
            raw.rollback()
        finally:
            raw.close()
    return plans


def profile_requests(app, token: str, *, requests: int = 20) -> str | None:
    """pyinstrument text profile of a few requests (None when pyinstrument is not installed)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    client = app.test_client()
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(requests):
            client.get("/api/v1/dashboard", headers={"Authorization": f"Bearer {token}"})
    return profiler.output_text(unicode=True, color=False, show_all=False)
