"""The bench database: created, migrated and loaded with set-based SQL, reused while its parameters match."""
from __future__ import annotations

import functools
import json
import math
import time
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from psycopg import sql
from bench import _pg
from bench._common import CACHE
from bench.dashboard.params import LOAD_STATEMENT_TIMEOUT_MS, MARKER, Params, _log


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
    critical_count, created_at, updated_at, published_at)
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
       completed_at, completed_at, completed_at
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
