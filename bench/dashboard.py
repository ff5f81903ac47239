"""Dashboard: GET /api/v1/dashboard as a company admin (daily rollups) against the same figures from the raw tables.

Usage: python bench/dashboard.py [--evaluations 1000000] [--requests 50] [--baseline-runs 5] [--reload]
                                 [--explain] [--profile] [--json out.json]

One company with `--evaluations` evaluations (about 85% completed, each with its evaluation_analysis row) over ten
campaigns, fifty zones, two hundred shoppers and 365 days, plus three small companies, is loaded with set-based SQL
into its own PostgreSQL database (migrated by the project's Alembic chain) and reused while the parameters match.
The rollups are rebuilt with siete.dashboard.rollups, then refreshed after 1,000 evaluations are touched; the API
and the raw-table baseline are timed in the same run and their figures compared before the ratio is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from psycopg import sql

from bench import _pg
from bench._common import CACHE, ROOT

DEFAULT_DATABASE = "siete_bench_dashboard"
FULL_SIZE = 1_000_000
TARGET_MEDIAN_MS = 50.0
TARGET_SPEEDUP = 20.0
GENERATOR_VERSION = 1
LOAD_STATEMENT_TIMEOUT_MS = 30 * 60 * 1000
APP_STATEMENT_TIMEOUT_MS = 120 * 1000
TOUCHED = 1000
MARKER = "bench_dashboard_marker"  # lives only in the bench database, outside the app's schema
CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")
KPIS = {"ioc": "IOC", "ird": "IRD", "ces": "CES", "nps": "NPS_inferido"}


@dataclass(frozen=True)
class Params:
    """What the generated data depends on; a stored data set is reused only when these match."""

    evaluations: int = FULL_SIZE
    campaigns: int = 10
    zones: int = 50
    shoppers: int = 200
    days: int = 365
    other_companies: int = 3
    other_evaluations: int = 10_000  # each
    completed: float = 0.85
    failed: float = 0.08
    pending: float = 0.04  # the rest is "analyzing"
    seed: float = 0.42
    version: int = GENERATOR_VERSION

    @classmethod
    def sized(cls, evaluations: int) -> Params:
        return cls(evaluations=evaluations, other_evaluations=min(10_000, max(200, evaluations // 100)))


def database_for(evaluations: int) -> str:
    """The issue's database for the full size; other sizes get their own so a smoke run never evicts the 1M set."""
    return DEFAULT_DATABASE if evaluations == FULL_SIZE else f"{DEFAULT_DATABASE}_{evaluations}"


def _log(verbose: bool, message: str) -> None:
    if verbose:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# --------------------------------------------------------------------------------------------------------- database

_connect = functools.partial(_pg.connect, timeout_ms=LOAD_STATEMENT_TIMEOUT_MS)
_bench_lock = _pg.bench_lock


def _stored_marker(dbname: str) -> dict | None:
    with _connect(dbname) as conn:
        found = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (MARKER,)).fetchone()[0]
        if not found:
            return None
        row = conn.execute(f"SELECT params, ids, load_seconds, loaded_at FROM {MARKER}").fetchone()
    return None if row is None else {"params": row[0], "ids": row[1], "load_seconds": row[2], "loaded_at": row[3]}


def prepare_database(dbname: str, params: Params, *, reload: bool, verbose: bool) -> tuple[dict, bool]:
    """Reuse the bench database when its marker matches `params`, else (re)create, migrate and load it."""
    with _connect("postgres", autocommit=True, timeout_ms=60_000) as admin:
        exists = _pg.database_exists(admin, dbname)
        marker = _stored_marker(dbname) if exists and not reload else None
        if marker and marker["params"] == asdict(params):
            _log(verbose, f"reusing {dbname} (loaded {marker['loaded_at']:%Y-%m-%d %H:%M} UTC)")
            migrate(dbname, verbose)  # new migrations of the project apply to the kept data
            return marker, True
        if exists:
            _log(verbose, f"dropping {dbname} (parameters changed or --reload)")
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(dbname)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    migrate(dbname, verbose)
    started = time.perf_counter()
    ids = load(dbname, params, verbose)
    load_seconds = time.perf_counter() - started
    with _connect(dbname) as conn:
        conn.execute(f"CREATE TABLE {MARKER} (params jsonb, ids jsonb, load_seconds float8, loaded_at timestamptz)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, %s, now())",
                     (json.dumps(asdict(params)), json.dumps(ids), load_seconds))
    return {"params": asdict(params), "ids": ids, "load_seconds": load_seconds, "loaded_at": datetime.now(UTC)}, False


def migrate(dbname: str, verbose: bool) -> None:
    _pg.migrate(dbname, _var_dir())
    _log(verbose, f"migrated {dbname}")


def _var_dir() -> Path:
    path = CACHE / "dashboard-var"  # the app's VAR_DIR for this benchmark, never the shared ./var
    path.mkdir(parents=True, exist_ok=True)
    return path


# ------------------------------------------------------------------------------------------------------------- load

ZONE_STATES = ["Distrito Nacional", "Santo Domingo", "Santiago", "La Vega", "Puerto Plata", "San Cristóbal",
               "La Romana", "San Pedro de Macorís", "La Altagracia", "Duarte"]
JUSTIFICATIONS = [
    "El asesor detectó la necesidad del cliente y ofreció un producto complementario.",
    "No se exploraron necesidades adicionales; la conversación se limitó a la consulta inicial.",
    "El cliente mostró interés en el plan superior pero no recibió una propuesta concreta.",
    "La atención fue cordial y resolvió la consulta en el primer contacto.",
    "El cliente expresó molestia por la espera y mencionó alternativas de la competencia.",
    "El proceso requirió varios pasos y documentos que el cliente no esperaba.",
]
POSITIVE = ["Muchas gracias por la atención, muy amable.", "Me explicó todo muy claro.",
            "Excelente servicio, volveré.", "Qué rápido me atendieron hoy."]
NEGATIVE = ["Tuve que esperar bastante para que me atendieran.", "No me supo explicar las tarifas.",
            "Nadie me saludó al entrar.", "El sistema estaba caído otra vez."]
CRITICAL = ["Me voy a la competencia, allá me tratan mejor.", "Quiero cancelar mi contrato hoy mismo.",
            "Voy a poner una queja formal, esto es inaceptable.", "Me cobraron dos veces y nadie me resuelve."]
ACTIONS = ["Reforzar el protocolo de saludo en sucursal.", "Capacitar en oferta de productos complementarios.",
           "Reducir el tiempo de espera en horas pico.", "Dar seguimiento telefónico al cliente en 48 horas.",
           "Revisar el proceso de cobro con el equipo de facturación."]
ERRORS = [("no_audio_track", "The recording has no audio track"),
          ("corrupt_media", "The media file could not be decoded"),
          ("empty_speech", "No speech was detected in the recording"),
          ("ai_invalid_output", "The analysis did not match the operative schema after retries")]


def _campaign_windows(n: int, days: int) -> list[tuple[int, int]]:
    """[start, end) day offsets: staggered ~4-month campaigns, about four running on any day, the year covered."""
    length = min(days, max(1, math.ceil(days * 3.3 / n)))
    step = (days - length) / (n - 1) if n > 1 else 0
    return [(round(i * step), round(i * step) + length) for i in range(n)]


def _make_company(cur, *, label: str, campaigns: int, zones: int, shoppers: int, days: int, start: date,
                  evaluations: int, password_hash: str) -> dict:
    """Company, users (admin, manager, shoppers), zones, campaigns with their zones, shoppers' zones."""
    now = datetime.now(UTC)
    cid = cur.execute(
        "INSERT INTO companies (name, email, country, subscription_status, created_at, updated_at) "
        "VALUES (%s, %s, 'DO', 'active', %s, %s) RETURNING id",
        (f"Bench {label}", f"contacto@{label.lower()}.bench.test", now, now)).fetchone()[0]
    domain = f"c{cid}.bench.test"

    def user(role, first, last, email):
        return cur.execute(
            "INSERT INTO users (company_id, role, first_name, last_name, email, hashed_password, created_at, "
            "updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (cid, role, first, last, email, password_hash, now, now)).fetchone()[0]

    admin = user(1, "Ana", "Admin", f"admin@{domain}")
    manager = user(2, "Mario", "Manager", f"manager@{domain}")
    shopper_ids = [r[0] for r in cur.execute(
        "INSERT INTO users (company_id, role, first_name, last_name, email, hashed_password, created_at, updated_at) "
        "SELECT %s, 3, 'Shopper', lpad(g::text, 3, '0'), 'shopper' || g || '@' || %s, %s, %s, %s "
        "FROM generate_series(1, %s) g ORDER BY g RETURNING id",
        (cid, domain, password_hash, now, now, shoppers)).fetchall()]
    zone_ids = [r[0] for r in cur.execute(
        "INSERT INTO zones (company_id, name, country, state, city, created_at, updated_at) "
        "SELECT %s, 'Zona ' || lpad(g::text, 2, '0'), 'DO', (%s::text[])[1 + (g - 1) %% %s], 'Ciudad ' || g, %s, %s "
        "FROM generate_series(1, %s) g ORDER BY g RETURNING id",
        (cid, ZONE_STATES, len(ZONE_STATES), now, now, zones)).fetchall()]
    windows = _campaign_windows(campaigns, days)
    per_day = evaluations / days
    campaign_ids = []
    for i, (first, end) in enumerate(windows):
        active = sum(1 for f, e in windows if f < end and e > first) or 1
        goal = max(1, round(per_day * (end - first) / min(active, 4.4)))
        campaign_ids.append(cur.execute(
            "INSERT INTO campaigns (company_id, name, description, start_date, end_date, goal, created_at, "
            "updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (cid, f"Campaña {i + 1:02d}", "Benchmark campaign", start + timedelta(days=first),
             start + timedelta(days=end - 1), goal, now, now)).fetchone()[0])
    per_campaign = max(1, round(zones * 0.4))
    stride = max(1, math.ceil(zones / campaigns))
    campaign_zones = {c: [zone_ids[(i * stride + k) % zones] for k in range(per_campaign)]
                      for i, c in enumerate(campaign_ids)}
    campaign_zones = {c: sorted(set(zs)) for c, zs in campaign_zones.items()}
    cur.executemany("INSERT INTO campaign_zones (company_id, campaign_id, zone_id, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(cid, c, z, now, now) for c, zs in campaign_zones.items() for z in zs])
    zone_shoppers = {z: [] for z in zone_ids}
    for s, shopper in enumerate(shopper_ids):
        for z in {zone_ids[s % zones], zone_ids[(s * 7 + 3) % zones]}:
            zone_shoppers[z].append(shopper)
    zone_shoppers = {z: sorted(s) or list(shopper_ids) for z, s in zone_shoppers.items()}
    cur.executemany("INSERT INTO user_zones (company_id, user_id, zone_id, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(cid, s, z, now, now) for z, ss in zone_shoppers.items() for s in ss if s in shopper_ids])
    cur.executemany("INSERT INTO campaign_users (company_id, campaign_id, user_id, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s)", [(cid, c, manager, now, now) for c in campaign_ids[:2]])
    day_campaigns = [(d, [c for c, (f, e) in zip(campaign_ids, windows) if f <= d < e]) for d in range(days)]
    return {"id": cid, "admin_id": admin, "manager_id": manager, "campaign_ids": campaign_ids, "zone_ids": zone_ids,
            "shopper_ids": shopper_ids, "evaluations": evaluations, "_day_campaigns": day_campaigns,
            "_campaign_zones": campaign_zones, "_zone_shoppers": zone_shoppers}


def _helper_tables(cur, company: dict) -> None:
    cur.execute("DROP TABLE IF EXISTS bench_day_campaigns, bench_campaign_zones, bench_zone_shoppers")
    cur.execute("CREATE TEMP TABLE bench_day_campaigns (d int PRIMARY KEY, campaigns int[] NOT NULL)")
    cur.execute("CREATE TEMP TABLE bench_campaign_zones (campaign_id int PRIMARY KEY, zones int[] NOT NULL)")
    cur.execute("CREATE TEMP TABLE bench_zone_shoppers (zone_id int PRIMARY KEY, shoppers int[] NOT NULL)")
    cur.executemany("INSERT INTO bench_day_campaigns VALUES (%s, %s)", company["_day_campaigns"])
    cur.executemany("INSERT INTO bench_campaign_zones VALUES (%s, %s)", list(company["_campaign_zones"].items()))
    cur.executemany("INSERT INTO bench_zone_shoppers VALUES (%s, %s)", list(company["_zone_shoppers"].items()))


# Random values live in the innermost subquery's target list: PostgreSQL never flattens a subquery with volatile
# functions there, so every generated row draws its own values once.
INSERT_EVALUATIONS = """
INSERT INTO evaluations (company_id, campaign_id, zone_id, user_id, status, stage, progress, attempts,
    media_key, media_filename, media_content_type, media_size, duration_seconds, error_code, error_message,
    started_at, fetched_at, extracted_at, transcribed_at, analyzed_at, notified_at, completed_at, failed_at,
    created_at, updated_at)
SELECT %(company)s, campaign_id, zone_id, user_id, status,
       CASE status WHEN 'completed' THEN 'done' WHEN 'failed' THEN 'transcribing' WHEN 'pending' THEN 'uploaded'
                   ELSE 'analyzing' END,
       CASE status WHEN 'completed' THEN 100 WHEN 'failed' THEN 45 WHEN 'pending' THEN 0 ELSE 75 END,
       CASE WHEN status = 'failed' THEN 3 ELSE 1 END,
       'evaluations/' || %(company)s || '/' || g || '.mp4', 'visita-' || g || '.mp4', 'video/mp4',
       (duration * 180000)::int, duration,
       CASE WHEN status = 'failed' THEN (%(error_codes)s::text[])[1 + floor(r_err * 4)::int] END,
       CASE WHEN status = 'failed' THEN (%(error_messages)s::text[])[1 + floor(r_err * 4)::int] END,
       CASE WHEN status <> 'pending' THEN created_at + interval '3 seconds' END,
       CASE WHEN status <> 'pending' THEN created_at + interval '20 seconds' END,
       CASE WHEN status IN ('completed', 'analyzing') THEN created_at + interval '25 seconds' END,
       CASE WHEN status IN ('completed', 'analyzing') THEN created_at + duration * interval '0.1 second' END,
       CASE WHEN status = 'completed' THEN created_at + duration * interval '0.12 second' END,
       CASE WHEN status = 'completed' THEN created_at + duration * interval '0.12 second' + interval '1 second' END,
       CASE WHEN status = 'completed' THEN created_at + duration * interval '0.12 second' + interval '1 second' END,
       CASE WHEN status = 'failed' THEN created_at + interval '15 minutes' END,
       created_at,
       least(created_at + CASE status WHEN 'failed' THEN interval '15 minutes'
                                      ELSE duration * interval '0.12 second' + interval '1 second' END,
             %(updated_cap)s::timestamptz)
FROM (
  SELECT x.*, zs.shoppers[1 + floor(x.r_shopper * cardinality(zs.shoppers))::int] AS user_id,
         CASE WHEN x.r_status < %(p_completed)s THEN 'completed' WHEN x.r_status < %(p_failed)s THEN 'failed'
              WHEN x.r_status < %(p_pending)s THEN 'pending' ELSE 'analyzing' END AS status,
         %(start)s::timestamptz + (x.d + x.r_time) * interval '1 day' AS created_at,
         round((90 + x.r_dur * x.r_dur * 1700)::numeric, 1)::float8 AS duration
  FROM (
    SELECT y.*, cz.zones[1 + floor(y.r_zone * cardinality(cz.zones))::int] AS zone_id
    FROM (
      SELECT s.*, dc.campaigns[1 + floor(s.r_campaign * cardinality(dc.campaigns))::int] AS campaign_id
      FROM (SELECT g, floor(random() * %(days)s)::int AS d, random() AS r_time, random() AS r_campaign,
                   random() AS r_zone, random() AS r_shopper, random() AS r_status, random() AS r_dur,
                   random() AS r_err
            FROM generate_series(1, %(n)s) AS g) s
      JOIN bench_day_campaigns dc ON dc.d = s.d
    ) y JOIN bench_campaign_zones cz ON cz.campaign_id = y.campaign_id
  ) x JOIN bench_zone_shoppers zs ON zs.zone_id = x.zone_id
) e
ORDER BY created_at
"""

# Scores follow one hidden service quality q per visit; about 5% of analyses carry one critical verbatim and 2%
# two. The shape is the engine's OperativeViewSchema (evidencias included), checked on a sample after loading.
INSERT_ANALYSES = """
INSERT INTO evaluation_analysis (company_id, evaluation_id, analysis, executive_view, operative_view, transcript,
    transcript_text, language, provider, model, transcriber, prompt_version, prompt_tokens, completion_tokens,
    critical_count, created_at, updated_at)
SELECT company_id, id,
       jsonb_build_object('provider', 'openai', 'model', 'gpt-4o-2024-08-06', 'finish_reason', 'stop',
                          'usage', jsonb_build_object('prompt_tokens', prompt_tokens,
                                                      'completion_tokens', completion_tokens)),
       format(%(executive)s::text, round(duration), ioc, ird, ces, nps, (%(just)s::text[])[1 + floor(r_j1 * 6)::int],
              (%(just)s::text[])[1 + floor(r_j2 * 6)::int], (%(actions)s::text[])[1 + floor(r_a1 * 5)::int]),
       jsonb_build_object(
         'IOC', jsonb_build_object('score', ioc, 'justificacion', (%(just)s::text[])[1 + floor(r_j1 * 6)::int]),
         'IRD', jsonb_build_object('score', ird, 'justificacion', (%(just)s::text[])[1 + floor(r_j2 * 6)::int]),
         'CES', jsonb_build_object('score', ces, 'justificacion', (%(just)s::text[])[1 + floor(r_j3 * 6)::int]),
         'NPS_inferido', nps,
         'calidad_basica', jsonb_build_object('saludo', c1, 'identificacion', c2, 'oferta', c3, 'cierre', c4,
                                              'valor_agregado', c5),
         'evidencias', jsonb_build_object(
            'calidad_basica', jsonb_build_object(
               'saludo', CASE WHEN c1 THEN jsonb_build_array(jsonb_build_object('cita', 'Buenos días, bienvenido.',
                              'inicio', 1.2, 'fin', 2.9)) ELSE '[]'::jsonb END,
               'identificacion', CASE WHEN c2 THEN jsonb_build_array(jsonb_build_object('cita',
                              'Mi nombre es Carla, ¿en qué le puedo ayudar?', 'inicio', 3.1, 'fin', 5.8))
                              ELSE '[]'::jsonb END,
               'oferta', CASE WHEN c3 THEN jsonb_build_array(jsonb_build_object('cita',
                              'Le recomiendo el plan con más datos, sale mejor.', 'inicio', 41.0, 'fin', 45.5))
                              ELSE '[]'::jsonb END,
               'cierre', CASE WHEN c4 THEN jsonb_build_array(jsonb_build_object('cita',
                              '¿Hay algo más en que le pueda servir?', 'inicio', 88.4, 'fin', 90.6))
                              ELSE '[]'::jsonb END,
               'valor_agregado', CASE WHEN c5 THEN jsonb_build_array(jsonb_build_object('cita',
                              'Le dejo mi extensión por si necesita algo.', 'inicio', 92.0, 'fin', 94.7))
                              ELSE '[]'::jsonb END),
            'verbatims', jsonb_build_object(
               'positivos', CASE WHEN r_pos < 0.6 THEN jsonb_build_array(jsonb_build_object('cita', pos,
                              'inicio', 60.0, 'fin', 63.0)) ELSE '[]'::jsonb END,
               'negativos', CASE WHEN r_neg < 0.4 THEN jsonb_build_array(jsonb_build_object('cita', neg,
                              'inicio', 20.0, 'fin', 23.5)) ELSE '[]'::jsonb END,
               'criticos', CASE WHEN r_crit < 0.05 THEN jsonb_build_array(jsonb_build_object('cita', crit1,
                              'inicio', 70.0, 'fin', 73.0))
                              WHEN r_crit < 0.07 THEN jsonb_build_array(jsonb_build_object('cita', crit1,
                              'inicio', 70.0, 'fin', 73.0), jsonb_build_object('cita', crit2, 'inicio', 80.0,
                              'fin', 83.0)) ELSE '[]'::jsonb END)),
         'verbatims', jsonb_build_object(
            'positivos', CASE WHEN r_pos < 0.6 THEN jsonb_build_array(pos) ELSE '[]'::jsonb END,
            'negativos', CASE WHEN r_neg < 0.4 THEN jsonb_build_array(neg) ELSE '[]'::jsonb END,
            'criticos', CASE WHEN r_crit < 0.05 THEN jsonb_build_array(crit1)
                             WHEN r_crit < 0.07 THEN jsonb_build_array(crit1, crit2) ELSE '[]'::jsonb END),
         'acciones_sugeridas', jsonb_build_array(
            jsonb_build_object('accion', (%(actions)s::text[])[1 + floor(r_a1 * 5)::int],
                               'prioridad', CASE WHEN ird >= 70 THEN 'alta' WHEN ird >= 40 THEN 'media'
                                                 ELSE 'baja' END),
            jsonb_build_object('accion', (%(actions)s::text[])[1 + floor(r_a2 * 5)::int], 'prioridad', 'media'))),
       jsonb_build_object('language', 'es', 'duration', duration, 'segments', jsonb_build_array(
            jsonb_build_object('start', 0.0, 'end', 4.0, 'text', 'Buenos días, bienvenido.'),
            jsonb_build_object('start', 4.0, 'end', 9.5, 'text', 'Hola, quería información sobre los planes.'))),
       'Buenos días, bienvenido. Hola, quería información sobre los planes. ' || pos || ' ' || neg,
       'es', 'openai', 'gpt-4o', 'openai', 'v3', prompt_tokens, completion_tokens,
       CASE WHEN r_crit < 0.05 THEN 1 WHEN r_crit < 0.07 THEN 2 ELSE 0 END,
       completed_at, completed_at
FROM (
  SELECT v.*,
         least(100, greatest(0, round(q * 75 + n1 * 25)))::int AS ioc,
         least(100, greatest(0, round((1 - q) * 75 + n2 * 25)))::int AS ird,
         least(100, greatest(0, round((1 - q) * 60 + n3 * 40)))::int AS ces,
         least(10, greatest(0, round(q * 8 + n4 * 2.4)))::int AS nps,
         r_c1 < 0.55 + 0.4 * q AS c1, r_c2 < 0.45 + 0.4 * q AS c2, r_c3 < 0.25 + 0.5 * q AS c3,
         r_c4 < 0.5 + 0.4 * q AS c4, r_c5 < 0.15 + 0.5 * q AS c5,
         (%(positive)s::text[])[1 + floor(r_p * 4)::int] AS pos, (%(negative)s::text[])[1 + floor(r_n * 4)::int] AS neg,
         (%(critical)s::text[])[1 + floor(r_k1 * 4)::int] AS crit1, (%(critical)s::text[])[1 + floor(r_k2 * 4)::int] AS crit2,
         1800 + round(duration * 4)::int AS prompt_tokens, 600 + floor(r_a2 * 500)::int AS completion_tokens
  FROM (
    SELECT id, company_id, completed_at, duration_seconds AS duration,
           random() AS q, random() AS n1, random() AS n2, random() AS n3, random() AS n4,
           random() AS r_c1, random() AS r_c2, random() AS r_c3, random() AS r_c4, random() AS r_c5,
           random() AS r_pos, random() AS r_neg, random() AS r_crit, random() AS r_p, random() AS r_n,
           random() AS r_k1, random() AS r_k2, random() AS r_j1, random() AS r_j2, random() AS r_j3,
           random() AS r_a1, random() AS r_a2
    FROM evaluations WHERE company_id = %(company)s AND status = 'completed'
  ) v
) w
ORDER BY id
"""

EXECUTIVE = ("## Resumen ejecutivo\n\nVisita de %s segundos. Oportunidad comercial (IOC) %s/100, riesgo de deserción "
             "(IRD) %s/100, esfuerzo del cliente (CES) %s/100 y NPS inferido %s/10.\n\n## Hallazgos\n\n- %s\n- %s\n\n"
             "## Recomendaciones\n\n1. %s\n")
BULK_TABLES = ("evaluations", "evaluation_analysis")


def _secondary_indexes(cur) -> list[tuple[str, str]]:
    """Indexes of the bulk tables that back no constraint: dropped for the load, then rebuilt from their DDL."""
    return cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
        "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) ORDER BY i.indexname",
        (list(BULK_TABLES),)).fetchall()


def load(dbname: str, params: Params, verbose: bool) -> dict:
    """Set-based load of the companies; returns the ids the benchmark needs (stored in the marker)."""
    from argon2 import PasswordHasher

    password_hash = PasswordHasher(time_cost=3, memory_cost=65536).hash("bench-dashboard-2026")
    end = datetime.now(UTC).date() - timedelta(days=1)  # history only: nothing is "touched" before the refresh
    start = end - timedelta(days=params.days - 1)
    start_ts = datetime(start.year, start.month, start.day, tzinfo=UTC)
    updated_cap = datetime.now(UTC) - timedelta(hours=1)
    timings = {}
    with _connect(dbname) as conn, conn.cursor() as cur:
        for setting in ("SET work_mem = '256MB'", "SET maintenance_work_mem = '512MB'",
                        "SET synchronous_commit = off", "SET session_replication_role = replica"):
            cur.execute(setting)  # replica: FK triggers off for the load; checked by anti-joins below
        cur.execute("SELECT setseed(%s)", (params.seed,))
        t = time.perf_counter()
        companies = [_make_company(cur, label="Retail", campaigns=params.campaigns, zones=params.zones,
                                   shoppers=params.shoppers, days=params.days, start=start,
                                   evaluations=params.evaluations, password_hash=password_hash)]
        for i in range(params.other_companies):
            companies.append(_make_company(cur, label=f"Otra{i + 1}", campaigns=3, zones=5, shoppers=10,
                                           days=params.days, start=start, evaluations=params.other_evaluations,
                                           password_hash=password_hash))
        indexes = _secondary_indexes(cur)
        for name, _ddl in indexes:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        timings["entities_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for company in companies:
            _helper_tables(cur, company)
            cur.execute(INSERT_EVALUATIONS, {
                "company": company["id"], "n": company["evaluations"], "days": params.days, "start": start_ts,
                "updated_cap": updated_cap, "p_completed": params.completed,
                "p_failed": params.completed + params.failed,
                "p_pending": params.completed + params.failed + params.pending,
                "error_codes": [c for c, _m in ERRORS], "error_messages": [m for _c, m in ERRORS]})
            _log(verbose, f"company {company['id']}: {cur.rowcount:,} evaluations")
        timings["evaluations_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for company in companies:
            cur.execute(INSERT_ANALYSES, {"company": company["id"], "executive": EXECUTIVE, "just": JUSTIFICATIONS,
                                          "actions": ACTIONS,
                                          "positive": POSITIVE, "negative": NEGATIVE, "critical": CRITICAL})
            _log(verbose, f"company {company['id']}: {cur.rowcount:,} analyses")
        timings["analyses_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for _name, ddl in indexes:
            cur.execute(ddl)
        if sorted(_secondary_indexes(cur)) != sorted(indexes):
            raise RuntimeError("the rebuilt indexes differ from the migrated schema's")
        timings["indexes_s"] = time.perf_counter() - t
        cur.execute("SET session_replication_role = origin")
        _check_integrity(cur)
        conn.commit()
    t = time.perf_counter()
    with _connect(dbname, autocommit=True) as conn:
        for table in ("companies", "users", "zones", "campaigns", "campaign_zones", "user_zones", "campaign_users",
                      *BULK_TABLES):
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
    timings["vacuum_analyze_s"] = time.perf_counter() - t
    _log(verbose, "loaded: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    main = companies[0]
    return {"company_id": main["id"], "admin_id": main["admin_id"], "manager_id": main["manager_id"],
            "other_company_ids": [c["id"] for c in companies[1:]], "window": [str(start), str(end)],
            "load_timings": timings, "indexes_rebuilt": [name for name, _ddl in indexes]}


def _check_integrity(cur) -> None:
    """What the disabled FK triggers would have checked, plus the generator's own invariants."""
    checks = {
        "evaluation without campaign": "SELECT count(*) FROM evaluations e LEFT JOIN campaigns c "
                                       "ON c.id = e.campaign_id AND c.company_id = e.company_id WHERE c.id IS NULL",
        "evaluation without zone": "SELECT count(*) FROM evaluations e LEFT JOIN zones z "
                                   "ON z.id = e.zone_id AND z.company_id = e.company_id WHERE z.id IS NULL",
        "evaluation without shopper": "SELECT count(*) FROM evaluations e LEFT JOIN users u "
                                      "ON u.id = e.user_id AND u.company_id = e.company_id WHERE u.id IS NULL",
        "analysis without completed evaluation": "SELECT count(*) FROM evaluation_analysis a LEFT JOIN evaluations "
                                                 "e ON e.id = a.evaluation_id AND e.status = 'completed' "
                                                 "AND e.company_id = a.company_id WHERE e.id IS NULL",
        "completed evaluation without analysis": "SELECT count(*) FROM evaluations e LEFT JOIN evaluation_analysis "
                                                 "a ON a.evaluation_id = e.id WHERE e.status = 'completed' "
                                                 "AND a.id IS NULL",
        "critical_count inconsistent": "SELECT count(*) FROM evaluation_analysis WHERE critical_count <> "
                                       "jsonb_array_length(operative_view -> 'verbatims' -> 'criticos')",
    }
    bad = {name: n for name, query in checks.items() if (n := cur.execute(query).fetchone()[0])}
    if bad:
        raise RuntimeError(f"generated data is inconsistent: {bad}")


# -------------------------------------------------------------------------------------------------------------- app

@contextlib.contextmanager
def _environ(**values):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items()})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _redis_url(choice: str | None) -> str | None:
    """The token blocklist's Redis, as in production, when one answers; 'none' runs the in-memory blocklist."""
    if choice in (None, "", "none"):
        return None
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0" if choice == "auto" else choice
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
        return url
    except Exception:
        if choice == "auto":
            return None
        raise


def make_app(dbname: str, redis_url: str | None):
    """The real app (create_app with Config from the environment) pointed at the bench database.

    Only the database URL, VAR_DIR, Redis and a statement timeout differ from a deployment. The Celery default
    app is restored afterwards so a smoke test in a pytest process keeps its own."""
    import celery._state as celery_state

    from siete import create_app
    from siete.config import Config

    var = _var_dir()
    env = {"DATABASE_URL": _pg.dsn(dbname), "SIETE_VAR_DIR": str(var), "REDIS_URL": redis_url or "",
           "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": "", "SIETE_ENV": "development"}
    with _environ(**env):
        config = Config()
    config.SQLALCHEMY_ENGINE_OPTIONS = {**config.SQLALCHEMY_ENGINE_OPTIONS,
                                        "connect_args": {"options": f"-c statement_timeout={APP_STATEMENT_TIMEOUT_MS}"}}
    saved = (celery_state.default_app, getattr(celery_state._tls, "current_app", None))
    try:
        app = create_app(config)
    finally:
        celery_state.default_app = saved[0]
        celery_state._tls.current_app = saved[1]
    return app


def _token(app, ids: dict) -> str:
    from siete.auth.tokens import issue_tokens

    user = SimpleNamespace(id=ids["admin_id"], email=f"admin@c{ids['company_id']}.bench.test", role=1,
                           company_id=ids["company_id"])
    with app.app_context():
        return issue_tokens(user)["access_token"]


class MemoryWatermark:
    """rollups.refresh() takes any store with get/set; the app's own keeps it in Redis or var/."""

    def __init__(self, value=None):
        self.value = value

    def get(self):
        return self.value

    def set(self, moment):
        self.value = moment


def rebuild_rollups(app) -> dict:
    from siete.core import tenancy
    from siete.dashboard import rollups

    with app.app_context(), tenancy.system_scope():
        started = time.perf_counter()
        result = rollups.rebuild()
        result["seconds"] = time.perf_counter() - started
    return result


TOUCH = """
WITH picked AS (
  SELECT id FROM evaluations
  WHERE company_id = %(company)s AND deleted_at IS NULL AND created_at >= %(since)s
  ORDER BY random() LIMIT %(n)s
), flipped AS (
  UPDATE evaluations e SET updated_at = clock_timestamp(),
         status = CASE e.status WHEN 'pending' THEN 'analyzing' WHEN 'analyzing' THEN 'pending' ELSE e.status END
  FROM picked WHERE e.id = picked.id RETURNING e.id
)
UPDATE evaluation_analysis a
SET operative_view = jsonb_set(jsonb_set(a.operative_view, '{IOC,score}', to_jsonb(floor(random() * 101)::int)),
                               '{NPS_inferido}', to_jsonb(floor(random() * 11)::int)),
    updated_at = clock_timestamp()
FROM flipped WHERE a.evaluation_id = flipped.id
"""


def touch_and_refresh(app, dbname: str, company_id: int, *, recent_days: int | None, n: int = TOUCHED) -> dict:
    """Touch n evaluations (status flips, re-scored analyses) since the last refresh, then refresh incrementally.

    recent_days=3: what the beat job sees in production (new and reprocessed visits are recent);
    recent_days=None: the same number spread over the whole year (worst case: nearly every day is recomputed)."""
    from siete.core import tenancy
    from siete.core.models import utcnow
    from siete.dashboard import rollups

    with _connect(dbname) as conn:
        # An earlier touch of this benchmark (a run minutes ago) would still fall in refresh's overlap window:
        # date it back, as if the previous refresh had seen it. History rows were loaded with older updated_at.
        conn.execute("UPDATE evaluations SET updated_at = updated_at - interval '1 hour' "
                     "WHERE updated_at > now() - %s * interval '1 second'", (2 * rollups.OVERLAP.total_seconds(),))
        conn.commit()
    watermark = MemoryWatermark(utcnow())
    with _connect(dbname) as conn:
        since = datetime(1970, 1, 1, tzinfo=UTC) if recent_days is None else conn.execute(
            "SELECT max(created_at) - %s * interval '1 day' FROM evaluations WHERE company_id = %s",
            (recent_days, company_id)).fetchone()[0]
        conn.execute(TOUCH, {"company": company_id, "since": since, "n": n})
        touched = conn.execute("SELECT count(*) FROM evaluations WHERE company_id = %s AND updated_at > %s",
                               (company_id, watermark.value)).fetchone()[0]
    with app.app_context(), tenancy.system_scope():
        started = time.perf_counter()
        result = rollups.refresh(watermark)
        result["seconds"] = time.perf_counter() - started
    result.update(touched=touched, spread=f"last {recent_days} days" if recent_days else "whole year")
    return result


# ------------------------------------------------------------------------------------------------------ measurement

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


# ---------------------------------------------------------------------------------------------------------- baseline

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
  LEFT JOIN evaluation_analysis a ON a.evaluation_id = e.id AND a.deleted_at IS NULL
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
WHERE a.company_id = %(company)s AND a.critical_count > 0 AND a.deleted_at IS NULL
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


# ----------------------------------------------------------------------------------------------------------- what-if

WHATIF_SCHEMA = "bench_whatif"  # scratch schema inside the bench database, dropped after the measurement


def _build_shopper_months(dbname: str) -> dict:
    """A monthly per-shopper rollup (company, campaign, zone, shopper, month): what the leaderboard would read."""
    started = time.perf_counter()
    with _connect(dbname) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {WHATIF_SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {WHATIF_SCHEMA}")
        conn.execute(f"""CREATE TABLE {WHATIF_SCHEMA}.shopper_months AS
            SELECT company_id, campaign_id, zone_id, user_id, date_trunc('month', created_at)::date AS month,
                   count(*) AS submitted, count(*) FILTER (WHERE status = 'completed') AS completed
            FROM evaluations WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5""")
        conn.execute(f"CREATE INDEX ON {WHATIF_SCHEMA}.shopper_months (company_id, month)")
    seconds = time.perf_counter() - started
    with _connect(dbname, autocommit=True) as conn:
        conn.execute(f"VACUUM ANALYZE {WHATIF_SCHEMA}.shopper_months")
        rows = conn.execute(f"SELECT count(*) FROM {WHATIF_SCHEMA}.shopper_months").fetchone()[0]
    return {"rows": rows, "build_seconds": seconds}


def _drop_shopper_months(dbname: str) -> None:
    with _connect(dbname) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {WHATIF_SCHEMA} CASCADE")


def _shopper_month_leaderboard(original):
    """Proposed _leaderboard: whole-month periods (here: no date filter) read the monthly shopper rollup; any other
    period keeps the raw query."""
    from sqlalchemy import select, text

    from siete.core import tenancy
    from siete.extensions import db
    from siete.users.models import User

    def leaderboard(args, campaign_ids=None, limit=10):
        if args.get("date_from") or args.get("date_to"):
            return original(args, campaign_ids, limit)
        where, params = ["company_id = :company"], {"company": tenancy.current_scope().company_id, "limit": limit}
        for field in ("campaign_id", "zone_id"):
            if args.get(field):
                where.append(f"{field} = :{field}")
                params[field] = args[field]
        if campaign_ids is not None:
            where.append("campaign_id = ANY(:campaigns)")
            params["campaigns"] = list(campaign_ids)
        rows = db.session.execute(text(
            f"SELECT user_id, sum(submitted)::int AS submitted, sum(completed)::int AS completed "
            f"FROM {WHATIF_SCHEMA}.shopper_months WHERE {' AND '.join(where)} GROUP BY user_id "
            f"ORDER BY 3 DESC, 2 DESC, user_id LIMIT :limit"), params).all()
        names = dict(db.session.execute(select(User.id, User.first_name + " " + User.last_name)
                                        .where(User.id.in_([r.user_id for r in rows]))).all())
        return [{"user_id": r.user_id, "name": names.get(r.user_id), "submitted": r.submitted,
                 "completed": r.completed} for r in rows]

    return leaderboard


def _one_query_company_dashboard():
    """Proposed company_dashboard: totals, per campaign and per zone from ONE rollup scan (GROUPING SETS), and the
    campaign names and goals in one query; the rest as in siete.dashboard.service."""
    from sqlalchemy import func, select, text

    from siete.campaigns.models import Campaign
    from siete.dashboard import service as svc
    from siete.extensions import db
    from siete.zones.models import Zone

    R = svc.R

    def company_dashboard(args, campaign_ids=None):
        stmt = svc._filtered(
            select(func.grouping(R.campaign_id).label("g_campaign"), func.grouping(R.zone_id).label("g_zone"),
                   R.campaign_id, R.zone_id, *svc._sums())
            .group_by(text("GROUPING SETS ((), (evaluation_rollups.campaign_id), (evaluation_rollups.zone_id))")),
            args, campaign_ids)
        rows = db.session.execute(stmt).mappings().all()
        campaigns = db.session.execute(select(Campaign.id, Campaign.name, Campaign.goal)).all()
        names = {i: n for i, n, _g in campaigns}
        goals = {i: g for i, _n, g in campaigns}
        zones = dict(db.session.execute(select(Zone.id, Zone.name)).all())
        totals = next((r for r in rows if r["g_campaign"] and r["g_zone"]), {k: 0 for k in svc._sums_keys()})

        def grouped(flag, key, labels):
            out = [{"id": r[key], "name": labels.get(r[key]), **svc._summary(r)} for r in rows if not r[flag]]
            return sorted(out, key=lambda g: (-g["submitted"], g["id"]))

        by_campaign = grouped("g_campaign", "campaign_id", names)
        for row in by_campaign:
            row["goal"] = goals.get(row["id"])
        return {**svc._summary(totals), "by_campaign": by_campaign, "by_zone": grouped("g_zone", "zone_id", zones),
                "leaderboard": svc._leaderboard(args, campaign_ids), "top_critical": svc._top_critical(args, campaign_ids)}

    return company_dashboard


def what_if(app, dbname: str, token: str, baseline: dict, *, requests: int, warmup: int, budget_s: float) -> dict:
    """The proposed fixes measured through the same request path: siete.dashboard.service functions replaced in this
    process only (siete/ is not edited), the monthly shopper rollup in a scratch schema. Each variant's answer is
    compared with the raw-table figures like the real run."""
    from siete.dashboard import service as svc

    built = _build_shopper_months(dbname)
    saved = (svc.company_dashboard, svc._leaderboard)
    variants = {
        "1. totals/by_campaign/by_zone in one GROUPING SETS query": (_one_query_company_dashboard(), saved[1]),
        "2. leaderboard from a monthly shopper rollup": (saved[0], _shopper_month_leaderboard(saved[1])),
        "1 + 2": (_one_query_company_dashboard(), _shopper_month_leaderboard(saved[1])),
    }
    out = {"shopper_months": built, "variants": {}}
    try:
        for name, (company_dashboard, leaderboard) in variants.items():
            svc.company_dashboard, svc._leaderboard = company_dashboard, leaderboard
            api = measure_api(app, token, requests=requests, warmup=warmup, budget_s=budget_s)
            breakdown = statement_breakdown(app, token)
            out["variants"][name] = {
                "median_ms": api["median_ms"], "p95_ms": api["p95_ms"], "requests": api["requests"],
                "mismatches": compare(api["body"], baseline), "sql_ms": breakdown["sql_ms"],
                "python_ms": breakdown["python_ms"],
                "statements": [{"label": st["label"], "median_ms": st["median_ms"]} for st in breakdown["statements"]]}
    finally:
        svc.company_dashboard, svc._leaderboard = saved
        _drop_shopper_months(dbname)
    return out


# ----------------------------------------------------------------------------------------------------------- compare

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


# --------------------------------------------------------------------------------------------------------------- run

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
                            refresh_spread: bool = True, whatif: bool = False, period_days: int = 30,
                            diagnose: bool | None = None,
                            budget_s: float = 600, lock_wait_s: float = 1800,
                            verbose: bool = False) -> dict:
    """Load (or reuse) the data set, rebuild and refresh the rollups, time the API and the raw baseline, compare.

    Returns plain figures: load/rebuild/refresh seconds, api and baseline medians/p95, the ratio, targets met,
    `mismatches` (empty when the API and the raw tables agree), the per-statement breakdown and, on request or
    when a target is missed (`diagnose=None`), EXPLAIN ANALYZE plans, a Python profile and the what-if timings."""
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
                     refresh_spread=refresh_spread, whatif=whatif, period_days=period_days, diagnose=diagnose,
                     budget_s=budget_s, verbose=verbose)
        finally:
            with app.app_context():
                from siete.extensions import db

                db.engine.dispose()
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _measure(app, dbname: str, ids: dict, result: dict, *, redis_url, requests, warmup, baseline_runs, explain_plans,
             profile, refresh_spread, whatif, period_days, diagnose, budget_s, verbose) -> None:
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
    missed = missed if diagnose is None else diagnose  # diagnose=False: a smoke test skips plans and what-if
    if explain_plans or missed:
        result["explain"] = explain(app, breakdown["statements"])
        result["explain_baseline"] = explain_baseline(dbname, ids["company_id"], base["variant"])
    if profile or missed:
        result["profile"] = profile_requests(app, token)
    if whatif or missed:
        result["what_if"] = what_if(app, dbname, token, base["result"], requests=requests, warmup=warmup,
                                    budget_s=budget_s)


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
    if r.get("what_if"):
        w = r["what_if"]
        print(f"\nWHAT-IF (proposed fixes, service functions replaced in this process only; monthly shopper rollup: "
              f"{w['shopper_months']['rows']:,} rows, built in {w['shopper_months']['build_seconds']:.1f} s)")
        for name, v in w["variants"].items():
            same = "same figures" if not v["mismatches"] else "MISMATCH: " + "; ".join(v["mismatches"][:5])
            print(f"  {name}: median {v['median_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms (SQL {v['sql_ms']:.1f} + "
                  f"Python {v['python_ms']:.1f}); {same}")
            for st in v["statements"]:
                print(f"      {st['median_ms']:8.2f} ms  {st['label']}")
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
    parser.add_argument("--what-if", action="store_true",
                        help="also time the proposed service fixes (automatic when a target is missed)")
    parser.add_argument("--period-days", type=int, default=30, help="also time a date-filtered dashboard (0: skip)")
    parser.add_argument("--timeout", type=float, default=3600, help="hard stop for the whole run, seconds")
    parser.add_argument("--json", type=Path, default=None, help="figures as JSON (default var/bench/dashboard-*.json)")
    args = parser.parse_args(argv)
    faulthandler.dump_traceback_later(args.timeout, exit=True)  # the benchmark always stops by itself
    try:
        result = run_dashboard_benchmark(args.evaluations, args.requests, baseline_runs=args.baseline_runs,
                                         warmup=args.warmup, database=args.database, reload=args.reload,
                                         redis=args.redis, explain_plans=args.explain, profile=args.profile,
                                         refresh_spread=not args.no_spread_refresh, whatif=args.what_if,
                                         period_days=args.period_days, verbose=True)
    finally:
        faulthandler.cancel_dump_traceback_later()
    _print_report(result)
    out = args.json or CACHE / f"dashboard-{args.evaluations}-last.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"\nfigures: {out}")
    return 0 if not result["mismatches"] else 1


if __name__ == "__main__":
    sys.exit(main())
