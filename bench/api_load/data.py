"""The benchmark's own PostgreSQL database: migrated by the project's Alembic chain, filled with set-based SQL, reused."""

from __future__ import annotations

import functools
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from psycopg import sql

from bench import _pg
from bench._common import CACHE
from bench._pg import bench_lock, dsn  # noqa: F401 - the benchmark's modules reach them as data.*

DEFAULT_DATABASE = "siete_bench_api"
FULL_SIZE = 100_000
PASSWORD = "bench-pass-2026"
MARKER = "bench_api_load_marker"  # a table of the bench database only, outside the app's schema
GENERATOR_VERSION = 1
STATEMENT_TIMEOUT_MS = 20 * 60 * 1000


@dataclass(frozen=True)
class Params:
    """What the generated data depends on; a stored data set is reused only when these match."""

    evaluations: int = FULL_SIZE  # the benchmarked company
    other_companies: int = 2
    other_evaluations: int = 5_000  # each, interleaved in time with the main company's rows
    campaigns: int = 8
    zones: int = 30
    shoppers: int = 60
    days: int = 365
    deleted: float = 0.01  # soft-deleted evaluations (hidden from every read)
    with_answers: float = 0.5  # evaluations with a survey response (the detail endpoint reads it)
    version: int = GENERATOR_VERSION

    @classmethod
    def sized(cls, evaluations: int) -> Params:
        return cls(evaluations=evaluations, other_evaluations=min(5_000, max(100, evaluations // 20)))


def database_for(evaluations: int) -> str:
    """The issue's database for the full size; other sizes get their own, so a smoke run never evicts the full set.
    BENCH_API_DATABASE renames the base (one engineer's own data on a shared server)."""
    base = os.environ.get("BENCH_API_DATABASE", DEFAULT_DATABASE)
    return base if evaluations == FULL_SIZE else f"{base}_{evaluations}"


connect = functools.partial(_pg.connect, timeout_ms=STATEMENT_TIMEOUT_MS)


def var_dir() -> Path:
    path = CACHE / "api_load-var"  # the app's SIETE_VAR_DIR for this benchmark, never the shared ./var
    path.mkdir(parents=True, exist_ok=True)
    return path


def migrate(dbname: str) -> None:
    _pg.migrate(dbname, var_dir())


def _stored_marker(dbname: str) -> dict | None:
    with connect(dbname) as conn:
        if not conn.execute("SELECT to_regclass(%s) IS NOT NULL", (MARKER,)).fetchone()[0]:
            return None
        row = conn.execute(f"SELECT params, facts, load_seconds, loaded_at FROM {MARKER}").fetchone()
    return None if row is None else {"params": row[0], "facts": row[1], "load_seconds": row[2], "loaded_at": row[3]}


def prepare_database(params: Params, *, reload: bool = False, log=print) -> dict:
    """Reuse the database when its marker matches `params`; else (re)create, migrate, load, VACUUM ANALYZE."""
    dbname = database_for(params.evaluations)
    with connect("postgres", autocommit=True, timeout_ms=60_000) as admin:
        exists = _pg.database_exists(admin, dbname)
        marker = _stored_marker(dbname) if exists and not reload else None
        if marker and marker["params"] == asdict(params):
            migrate(dbname)  # new migrations of the project apply to the kept data
            log(f"reusing {dbname} (loaded {marker['loaded_at']:%Y-%m-%d %H:%M} UTC in {marker['load_seconds']:.1f} s)")
            return {**marker, "dbname": dbname, "reused": True}
        if exists:
            log(f"dropping {dbname} ({'--reload' if reload else 'parameters changed or no marker'})")
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(dbname)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    migrate(dbname)
    started = time.perf_counter()
    facts = load(dbname, params)
    with connect(dbname, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    load_seconds = time.perf_counter() - started
    with connect(dbname) as conn:
        conn.execute(f"CREATE TABLE {MARKER} (params jsonb, facts jsonb, load_seconds float8, loaded_at timestamptz)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, %s, now())",
                     (json.dumps(asdict(params)), json.dumps(facts), load_seconds))
    log(f"loaded {dbname} in {load_seconds:.1f} s (set-based SQL + VACUUM ANALYZE)")
    return {"params": asdict(params), "facts": facts, "load_seconds": load_seconds,
            "loaded_at": datetime.now(UTC), "dbname": dbname, "reused": False}


def _password_hash() -> str:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=3, memory_cost=65536).hash(PASSWORD)  # the app's defaults: no rehash on login


def _company(cur, params: Params, label: str, password_hash: str) -> dict:
    """Company, admin, manager, shoppers, zones, campaigns (with zones), one survey; all set-based."""
    cid = cur.execute(
        "INSERT INTO companies (name, email, country, subscription_status, created_at, updated_at) "
        "VALUES (%s, %s, 'DO', 'active', now(), now()) RETURNING id",
        (f"API bench {label}", f"contacto@{label}.apibench.test")).fetchone()[0]
    domain = f"c{cid}.apibench.test"
    users = "INSERT INTO users (company_id, role, first_name, last_name, email, hashed_password, created_at, " \
            "updated_at) VALUES (%s, %s, %s, %s, %s, %s, now(), now()) RETURNING id"
    admin = cur.execute(users, (cid, 1, "Ana", "Admin", f"admin@{domain}", password_hash)).fetchone()[0]
    manager = cur.execute(users, (cid, 2, "Mario", "Manager", f"manager@{domain}", password_hash)).fetchone()[0]
    cur.execute(
        "INSERT INTO users (company_id, role, first_name, last_name, email, hashed_password, created_at, updated_at) "
        "SELECT %s, 3, 'Shopper', lpad(g::text, 3, '0'), 'shopper' || g || '@' || %s, %s, now(), now() "
        "FROM generate_series(1, %s) g", (cid, domain, password_hash, params.shoppers))
    cur.execute("INSERT INTO zones (company_id, name, country, state, city, created_at, updated_at) "
                "SELECT %s, 'Zona ' || g, 'DO', 'Provincia ' || (1 + g %% 10), 'Ciudad ' || g, now(), now() "
                "FROM generate_series(1, %s) g", (cid, params.zones))
    survey = cur.execute(
        "INSERT INTO surveys (company_id, name, questions, version, is_current, created_at, updated_at) "
        "VALUES (%s, 'Encuesta de visita', %s, 1, true, now(), now()) RETURNING id",
        (cid, json.dumps([{"id": "q1", "type": "nps", "text": "¿Nos recomendaría?", "required": True},
                          {"id": "q2", "type": "text", "text": "¿Qué mejoraría?", "required": False}]))).fetchone()[0]
    cur.execute("INSERT INTO campaigns (company_id, name, description, start_date, end_date, goal, survey_id, "
                "created_at, updated_at) SELECT %s, 'Campaña ' || g, 'Benchmark campaign', "
                "current_date - %s::int + (g - 1) * 30, current_date + 30 + g * 10, 2000, %s, now(), now() "
                "FROM generate_series(1, %s) g", (cid, params.days, survey, params.campaigns))
    cur.execute("INSERT INTO campaign_zones (company_id, campaign_id, zone_id, created_at, updated_at) "
                "SELECT %s, c.id, z.id, now(), now() FROM campaigns c JOIN zones z ON z.company_id = c.company_id "
                "WHERE c.company_id = %s", (cid, cid))
    cur.execute("INSERT INTO user_zones (company_id, user_id, zone_id, created_at, updated_at) "
                "SELECT %s, u.id, z.id, now(), now() FROM users u JOIN zones z ON z.company_id = u.company_id "
                "WHERE u.company_id = %s AND u.role = 3 AND (u.id + z.id) %% 5 = 0", (cid, cid))
    cur.execute("INSERT INTO campaign_users (company_id, campaign_id, user_id, created_at, updated_at) "
                "SELECT %s, id, %s, now(), now() FROM campaigns WHERE company_id = %s ORDER BY id LIMIT 2",
                (cid, manager, cid))
    return {"id": cid, "admin_email": f"admin@{domain}", "admin_id": admin, "manager_email": f"manager@{domain}",
            "survey_id": survey}


# One statement for every company: rows of all tenants are interleaved in time, as they arrive in production.
# Random values sit in the innermost subquery's target list, which PostgreSQL never flattens: one draw per row.
INSERT_EVALUATIONS = """
INSERT INTO evaluations (company_id, campaign_id, zone_id, user_id, comments, media_key, media_filename,
    media_content_type, media_size, duration_seconds, status, stage, progress, error_code, error_message, attempts,
    started_at, completed_at, failed_at, created_at, updated_at, deleted_at)
SELECT company_id,
       k.campaigns[1 + floor(r_campaign * cardinality(k.campaigns))::int],
       k.zones[1 + floor(r_zone * cardinality(k.zones))::int],
       k.shoppers[1 + floor(r_shopper * cardinality(k.shoppers))::int],
       CASE WHEN r_comment < 0.3 THEN 'Visita ' || g || ': atención ' ||
            (ARRAY['cordial', 'lenta', 'excelente', 'regular'])[1 + floor(r_comment * 13)::int %% 4] END,
       'companies/' || company_id || '/evaluations/' || md5(g::text) || '.mp4', 'visita-' || g || '.mp4', 'video/mp4',
       (duration * 180000)::int, duration, status,
       CASE status WHEN 'completed' THEN 'done' WHEN 'failed' THEN 'transcribing' WHEN 'pending' THEN 'uploaded'
                   ELSE 'analyzing' END,
       CASE status WHEN 'completed' THEN 100 WHEN 'failed' THEN 45 WHEN 'pending' THEN 0 ELSE 75 END,
       CASE WHEN status = 'failed' THEN 'no_speech' END,
       CASE WHEN status = 'failed' THEN 'No speech was detected in the recording' END,
       CASE WHEN status = 'failed' THEN 3 ELSE 1 END,
       CASE WHEN status <> 'pending' THEN created_at + interval '3 seconds' END,
       CASE WHEN status = 'completed' THEN created_at + duration * interval '0.12 second' END,
       CASE WHEN status = 'failed' THEN created_at + interval '15 minutes' END,
       created_at,
       least(created_at + interval '20 minutes', now()),
       CASE WHEN r_deleted < %(deleted)s THEN least(created_at + interval '1 day', now()) END
FROM (
  SELECT g, CASE WHEN g <= %(main)s THEN %(main_id)s
                 ELSE (%(others)s::int[])[1 + (g - %(main)s) %% cardinality(%(others)s::int[])] END AS company_id,
         now() - random() * %(days)s * interval '1 day' AS created_at,
         CASE WHEN r_status < 0.85 THEN 'completed' WHEN r_status < 0.93 THEN 'failed'
              WHEN r_status < 0.97 THEN 'pending' ELSE 'analyzing' END AS status,
         round((90 + r_dur * r_dur * 1700)::numeric, 1)::float8 AS duration,
         r_campaign, r_zone, r_shopper, r_comment, r_deleted
  FROM (SELECT g, random() AS r_status, random() AS r_dur, random() AS r_campaign, random() AS r_zone,
               random() AS r_shopper, random() AS r_comment, random() AS r_deleted
        FROM generate_series(1, %(total)s) g) s
) e
JOIN (SELECT c.id AS cid,
             (SELECT array_agg(id ORDER BY id) FROM campaigns WHERE company_id = c.id) AS campaigns,
             (SELECT array_agg(id ORDER BY id) FROM zones WHERE company_id = c.id) AS zones,
             (SELECT array_agg(id ORDER BY id) FROM users WHERE company_id = c.id AND role = 3) AS shoppers
      FROM companies c) k ON k.cid = e.company_id
ORDER BY created_at
"""

INSERT_RESPONSES = """
INSERT INTO survey_responses (company_id, survey_id, evaluation_id, user_id, answers, created_at, updated_at)
SELECT e.company_id, s.id, e.id, e.user_id,
       jsonb_build_object('q1', (e.id * 7) %% 11, 'q2', 'Menos tiempo de espera'), e.created_at, e.created_at
FROM evaluations e JOIN surveys s ON s.company_id = e.company_id
WHERE (hashtext(e.id::text) & 1023) < %(share)s * 1024
"""


def load(dbname: str, params: Params) -> dict:
    password_hash = _password_hash()
    with connect(dbname) as conn, conn.cursor() as cur:
        main = _company(cur, params, "main", password_hash)
        others = [_company(cur, params, f"other{i}", password_hash) for i in range(1, params.other_companies + 1)]
        cur.execute(INSERT_EVALUATIONS, {
            "main": params.evaluations, "main_id": main["id"], "others": [o["id"] for o in others],
            "total": params.evaluations + params.other_evaluations * len(others), "days": params.days,
            "deleted": params.deleted})
        cur.execute(INSERT_RESPONSES, {"share": params.with_answers})
        counts = dict(cur.execute(
            "SELECT company_id, count(*) FILTER (WHERE deleted_at IS NULL) FROM evaluations GROUP BY company_id"
        ).fetchall())
    return {"main": main, "others": others, "live_evaluations": {str(k): v for k, v in counts.items()}}


def sample_ids(dbname: str, company_id: int, n: int = 1000) -> list[int]:
    """Live evaluation ids of one company, a deterministic pseudo-random sample (the detail scenario's targets)."""
    with connect(dbname) as conn:
        return [r[0] for r in conn.execute(
            "SELECT id FROM evaluations WHERE company_id = %s AND deleted_at IS NULL "
            "ORDER BY hashtext(id::text) LIMIT %s", (company_id, n)).fetchall()]
