"""The real app on the bench database: tokens, rollup rebuild and refresh after touched evaluations."""
from __future__ import annotations

import contextlib
import os
import time
from datetime import UTC, datetime
from types import SimpleNamespace
from bench import _pg
from bench.dashboard.data import _connect, _var_dir
from bench.dashboard.params import APP_STATEMENT_TIMEOUT_MS, TOUCHED


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
