"""The raw-table baseline: every dashboard figure from one scan of the raw tables, timed beside the API."""
from __future__ import annotations

import math
import statistics
import time
import psycopg
from bench.dashboard.data import _connect
from bench.dashboard.measure import _percentile
from bench.dashboard.params import APP_STATEMENT_TIMEOUT_MS, CHECKS, KPIS


def _sums(kpis: dict[str, str], checks: str) -> str:
    """Counts and KPI sums/counts over evaluations e ⋈ analyses a; `kpis`/`checks` are the JSON value expressions."""
    return ",\n".join([
        "count(*) AS submitted",
        "count(*) FILTER (WHERE e.status = 'completed') AS completed",
        "count(*) FILTER (WHERE e.status = 'failed') AS failed",
        *(f"sum({expr}) AS {k}_sum, count({expr}) AS {k}_count" for k, expr in kpis.items()),
        *(f"count(*) FILTER (WHERE ({checks} ->> '{c}')::boolean) AS {c}_yes" for c in CHECKS),
        f"count({checks} -> 'saludo') AS quality_count",
        "coalesce(sum(a.critical_count), 0) AS critical_verbatims",
    ])


_ROLLED = ",\n".join(["sum(submitted) AS submitted", "sum(completed) AS completed", "sum(failed) AS failed",
                      *(f"sum({k}_sum) AS {k}_sum, sum({k}_count) AS {k}_count" for k in KPIS),
                      *(f"sum({c}_yes) AS {c}_yes" for c in CHECKS), "sum(quality_count) AS quality_count",
                      "sum(critical_verbatims) AS critical_verbatims"])


# The raw-table baseline: ONE scan of evaluations ⋈ evaluation_analysis for the company (parallel partial
# aggregation per campaign × zone × shopper), rolled up by GROUPING SETS into the totals, per campaign, per zone
# and per shopper (the leaderboard): every figure of the dashboard from a single pass. Each operative_view is
# detoasted once (jsonb_to_record), not once per extracted path. Then the latest critical verbatims (the partial
# index the app uses) and the names.
_BASELINE_TEMPLATE = """
WITH cells AS (
  SELECT e.campaign_id, e.zone_id, e.user_id,
{sums}
  FROM evaluations e
  LEFT JOIN evaluation_analysis a ON a.evaluation_id = e.id AND a.deleted_at IS NULL AND a.published_at IS NOT NULL
  {lateral}
  WHERE e.company_id = %(company)s AND e.deleted_at IS NULL
  GROUP BY e.campaign_id, e.zone_id, e.user_id
)
SELECT GROUPING(campaign_id) AS g_campaign, GROUPING(zone_id) AS g_zone, GROUPING(user_id) AS g_user,
       campaign_id, zone_id, user_id,
{rolled}
FROM cells
GROUP BY GROUPING SETS ((), (campaign_id), (zone_id), (user_id))
"""


BASELINE_AGGREGATE = _BASELINE_TEMPLATE.format(
    sums=_sums({"ioc": """(v."IOC" ->> 'score')::float8""", "ird": """(v."IRD" ->> 'score')::float8""",
                "ces": """(v."CES" ->> 'score')::float8""", "nps": """v."NPS_inferido"::float8"""}, "v.calidad_basica"),
    lateral='LEFT JOIN LATERAL jsonb_to_record(a.operative_view) AS v("IOC" jsonb, "IRD" jsonb, "CES" jsonb, '
            '"NPS_inferido" jsonb, calidad_basica jsonb) ON true',
    rolled=_ROLLED)


# The same query written the way siete.dashboard.rollups.aggregate_select() extracts values: one JSON path per
# aggregate, so PostgreSQL detoasts operative_view once per path. Timed once, for information only.
BASELINE_PER_PATH = _BASELINE_TEMPLATE.format(
    sums=_sums({"ioc": "(a.operative_view -> 'IOC' ->> 'score')::float8",
                "ird": "(a.operative_view -> 'IRD' ->> 'score')::float8",
                "ces": "(a.operative_view -> 'CES' ->> 'score')::float8",
                "nps": "(a.operative_view ->> 'NPS_inferido')::float8"}, "(a.operative_view -> 'calidad_basica')"),
    lateral="", rolled=_ROLLED)


BASELINE_CRITICAL = """
SELECT a.evaluation_id, a.operative_view -> 'verbatims' -> 'criticos' AS quotes, e.campaign_id, e.zone_id, a.created_at
FROM evaluation_analysis a JOIN evaluations e ON e.id = a.evaluation_id
WHERE a.company_id = %(company)s AND a.critical_count > 0 AND a.deleted_at IS NULL AND a.published_at IS NOT NULL
  AND e.company_id = %(company)s AND e.deleted_at IS NULL
ORDER BY a.created_at DESC LIMIT 10
"""


BASELINE_NAMES = """
SELECT 'campaign', id, name, goal FROM campaigns WHERE company_id = %(company)s AND deleted_at IS NULL
UNION ALL SELECT 'zone', id, name, NULL FROM zones WHERE company_id = %(company)s AND deleted_at IS NULL
UNION ALL SELECT 'user', id, first_name || ' ' || last_name, NULL FROM users
          WHERE company_id = %(company)s AND deleted_at IS NULL AND role = 3
"""


def _summary(row: dict) -> dict:
    """The service's formulas: averages to 2 decimals, compliance rates in % to 1 decimal."""
    out = {c: int(row[c] or 0) for c in ("submitted", "completed", "failed")}
    out["in_progress"] = out["submitted"] - out["completed"] - out["failed"]
    out["kpis"] = {label: round(float(row[f"{k}_sum"]) / float(row[f"{k}_count"]), 2) if row[f"{k}_count"] else None
                   for k, label in KPIS.items()}
    out["quality"] = {c: round(100.0 * float(row[f"{c}_yes"]) / float(row["quality_count"]), 1)
                      if row["quality_count"] else None for c in CHECKS}
    out["critical_verbatims"] = int(row["critical_verbatims"] or 0)
    return out


def baseline_dashboard(conn, company_id: int, aggregate: str = BASELINE_AGGREGATE) -> dict:
    """The admin dashboard's figures straight from the raw tables."""
    params = {"company": company_id}
    cur = conn.cursor(row_factory=psycopg.rows.dict_row)
    rows = cur.execute(aggregate, params).fetchall()
    critical = cur.execute(BASELINE_CRITICAL, params).fetchall()
    names = {}
    goals = {}
    for kind, ident, name, goal in conn.execute(BASELINE_NAMES, params).fetchall():
        names[(kind, ident)] = name
        if kind == "campaign":
            goals[ident] = goal
    totals = next(r for r in rows if r["g_campaign"] and r["g_zone"] and r["g_user"])

    def groups(kind, key):
        selected = [r for r in rows if not r[f"g_{kind}"]]
        out = [{"id": r[key], "name": names.get((kind, r[key])), **_summary(r)} for r in selected]
        return sorted(out, key=lambda g: (-g["submitted"], g["id"]))

    by_campaign = groups("campaign", "campaign_id")
    for row in by_campaign:
        row["goal"] = goals.get(row["id"])
    shoppers = [r for r in rows if not r["g_user"]]
    shoppers.sort(key=lambda r: (-r["completed"], -r["submitted"], r["user_id"]))
    leaderboard = [{"user_id": r["user_id"], "name": names.get(("user", r["user_id"])),
                    "submitted": int(r["submitted"]), "completed": int(r["completed"])} for r in shoppers[:10]]
    return {**_summary(totals), "by_campaign": by_campaign, "by_zone": groups("zone", "zone_id"),
            "leaderboard": leaderboard,
            "top_critical": [{"evaluation_id": c["evaluation_id"], "quotes": c["quotes"] or []} for c in critical]}


BASELINE_SETTINGS = {  # session settings an analyst could use for a report query; the fastest one is the baseline
    "server defaults": (),
    "jit off": ("SET jit = off",),
    "work_mem 256MB, jit off": ("SET work_mem = '256MB'", "SET jit = off"),
}


def measure_interleaved(app, token: str, dbname: str, company_id: int, *, requests: int, warmup: int,
                        baseline_runs: int, budget_s: float) -> tuple[dict, dict]:
    """GET /api/v1/dashboard (see measure_api) and the raw-table baseline under each of BASELINE_SETTINGS, in
    alternating rounds (requests/baseline_runs requests, then one run of each baseline) after a warm-up of both, so
    both sides see the same load on a shared machine. The fastest baseline setting is the baseline."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = "/api/v1/dashboard"
    conns = {}
    api_times, base_times, results = [], {name: [] for name in BASELINE_SETTINGS}, {}
    deadline = time.monotonic() + budget_s

    def get():
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.get_data(as_text=True)[:500]}")
        return response

    try:
        for name, settings in BASELINE_SETTINGS.items():
            conns[name] = _connect(dbname, timeout_ms=APP_STATEMENT_TIMEOUT_MS * 5)
            for setting in settings:
                conns[name].execute(setting)
        response = None
        for _ in range(warmup):
            response = get()
        for name, conn in conns.items():
            results[name] = baseline_dashboard(conn, company_id)
            conn.rollback()
        rounds = max(1, baseline_runs)
        per_round = max(1, math.ceil(requests / rounds))
        for _ in range(rounds):
            if time.monotonic() > deadline:
                break
            for _ in range(min(per_round, requests - len(api_times))):
                started = time.perf_counter()
                response = get()
                api_times.append((time.perf_counter() - started) * 1000)
            for name, conn in conns.items():
                started = time.perf_counter()
                results[name] = baseline_dashboard(conn, company_id)
                base_times[name].append((time.perf_counter() - started) * 1000)
                conn.rollback()
        body = response.get_json()
    finally:
        for conn in conns.values():
            conn.close()
    api = {"url": url, "requests": len(api_times), "warmup": warmup, "median_ms": statistics.median(api_times),
           "p95_ms": _percentile(api_times, 0.95), "min_ms": min(api_times), "max_ms": max(api_times),
           "mean_ms": statistics.fmean(api_times), "body": body, "times_ms": [round(t, 2) for t in api_times]}
    variants = {name: {"median_ms": statistics.median(times), "p95_ms": _percentile(times, 0.95), "runs": len(times),
                       "times_ms": [round(t, 1) for t in times]} for name, times in base_times.items()}
    best = min(variants, key=lambda k: variants[k]["median_ms"])
    with _connect(dbname, timeout_ms=APP_STATEMENT_TIMEOUT_MS * 5) as conn:
        started = time.perf_counter()
        per_path = baseline_dashboard(conn, company_id, BASELINE_PER_PATH)
        per_path_ms = (time.perf_counter() - started) * 1000
    base = {"variant": best, **variants[best], "result": results[best], "variants": variants,
            "per_path_once_ms": per_path_ms, "per_path_mismatches": compare(per_path, results[best]),
            "settings_mismatches": {name: compare(r, results[best]) for name, r in results.items() if name != best}}
    return api, base


def explain_baseline(dbname: str, company_id: int, variant: str) -> str:
    with _connect(dbname, timeout_ms=APP_STATEMENT_TIMEOUT_MS * 5) as conn:
        for setting in BASELINE_SETTINGS[variant]:
            conn.execute(setting)
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + BASELINE_AGGREGATE, {"company": company_id}).fetchall()
    return "\n".join(r[0] for r in rows)


def compare(api: dict, base: dict) -> list[str]:
    """Differences between the API's dashboard and the raw-table figures (empty when they agree within rounding:
    averages are rounded to 0.01 and rates to 0.1 by both sides, so one unit of the last digit is allowed)."""
    problems = []

    def summary(where, got, want):
        for key in ("submitted", "completed", "failed", "in_progress", "critical_verbatims"):
            if got.get(key) != want[key]:
                problems.append(f"{where}.{key}: api {got.get(key)} != raw {want[key]}")
        for label, value in want["kpis"].items():
            other = got["kpis"].get(label)
            if (value is None) != (other is None) or (value is not None and abs(other - value) > 0.0101):
                problems.append(f"{where}.kpis.{label}: api {other} != raw {value}")
        for check, value in want["quality"].items():
            other = got["quality"].get(check)
            if (value is None) != (other is None) or (value is not None and abs(other - value) > 0.101):
                problems.append(f"{where}.quality.{check}: api {other} != raw {value}")

    summary("totals", api, base)
    for section in ("by_campaign", "by_zone"):
        got = {row["id"]: row for row in api[section]}
        want = {row["id"]: row for row in base[section]}
        if set(got) != set(want):
            problems.append(f"{section}: ids differ: api {sorted(got)} raw {sorted(want)}")
        for ident in set(got) & set(want):
            summary(f"{section}[{ident}]", got[ident], want[ident])
            if got[ident].get("name") != want[ident]["name"]:
                problems.append(f"{section}[{ident}].name differs")
    lb_api = [(r["user_id"], r["submitted"], r["completed"]) for r in api["leaderboard"]]
    lb_raw = [(r["user_id"], r["submitted"], r["completed"]) for r in base["leaderboard"]]
    if lb_api != lb_raw:
        problems.append(f"leaderboard: api {lb_api} != raw {lb_raw}")
    crit_api = [r["evaluation_id"] for r in api["top_critical"]]
    crit_raw = [r["evaluation_id"] for r in base["top_critical"]]
    if crit_api != crit_raw:
        problems.append(f"top_critical: api {crit_api} != raw {crit_raw}")
    return problems
