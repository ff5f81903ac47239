"""Daily rollups per company, campaign and zone: recomputed for the days that changed, rebuilt nightly."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Date, and_, case, cast, delete, func, insert, select

from siete.analysis.models import EvaluationAnalysis
from siete.core.models import utcnow
from siete.dashboard.models import QUALITY_CHECKS, EvaluationRollup, ShopperRollup
from siete.evaluations.models import Evaluation
from siete.extensions import db

OVERLAP = timedelta(minutes=5)  # a transaction that started before the last run may commit after it
KPI_PATHS = {"ioc": ("IOC", "score"), "ird": ("IRD", "score"), "ces": ("CES", "score"), "nps": ("NPS_inferido",)}


def _json_number(*path):
    expr = EvaluationAnalysis.operative_view
    for key in path:
        expr = expr[key]
    return expr.as_float()


def _critical_count():
    return func.coalesce(EvaluationAnalysis.critical_count, 0)


def _day(column):
    """The UTC calendar day, whatever the database session's time zone (SQLite stores naive UTC)."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def aggregate_select():
    """One row per (company, campaign, zone, day) of live evaluations, with sums and counts of each KPI of the
    published analyses (one in review counts as submitted, not yet as analysed)."""
    day = _day(Evaluation.created_at).label("day")
    status = Evaluation.status
    columns = [
        Evaluation.company_id, Evaluation.campaign_id, Evaluation.zone_id, day,
        func.count().label("submitted"),
        func.count(case((status == "completed", 1))).label("completed"),
        func.count(case((status == "failed", 1))).label("failed"),
    ]
    for name, path in KPI_PATHS.items():
        value = _json_number(*path)
        columns += [func.coalesce(func.sum(value), 0).label(f"{name}_sum"), func.count(value).label(f"{name}_count")]
    checks = EvaluationAnalysis.operative_view["calidad_basica"]
    for check in QUALITY_CHECKS:
        columns.append(func.count(case((checks[check].as_boolean().is_(True), 1))).label(f"{check}_yes"))
    columns.append(func.count(checks[QUALITY_CHECKS[0]].as_boolean()).label("quality_count"))
    columns.append(func.coalesce(func.sum(_critical_count()), 0).label("critical_verbatims"))
    return (
        select(*columns)
        .select_from(Evaluation)
        .outerjoin(EvaluationAnalysis, and_(EvaluationAnalysis.evaluation_id == Evaluation.id,
                                            EvaluationAnalysis.deleted_at.is_(None),
                                            EvaluationAnalysis.published_at.is_not(None)))  # the client's figures
        .where(Evaluation.deleted_at.is_(None))
        .group_by(Evaluation.company_id, Evaluation.campaign_id, Evaluation.zone_id, day)
    )


def _bounds(day):
    start = datetime.combine(day, time.min, timezone.utc)
    return start, start + timedelta(days=1)


def _month_start(day):
    return day.replace(day=1)


def _recompute_shopper_month(company_id, month):
    """Evaluations per shopper and campaign in one month of one company, from the raw rows."""
    start = datetime.combine(month, time.min, timezone.utc)
    end = datetime.combine((month + timedelta(days=32)).replace(day=1), time.min, timezone.utc)
    db.session.execute(delete(ShopperRollup).where(ShopperRollup.company_id == company_id,
                                                   ShopperRollup.month == month)
                       .execution_options(synchronize_session=False))
    rows = db.session.execute(
        select(Evaluation.campaign_id, Evaluation.user_id, func.count().label("submitted"),
               func.count(case((Evaluation.status == "completed", 1))).label("completed"))
        .where(Evaluation.company_id == company_id, Evaluation.created_at >= start, Evaluation.created_at < end,
               Evaluation.deleted_at.is_(None))
        .group_by(Evaluation.campaign_id, Evaluation.user_id)).mappings().all()
    now = utcnow()
    if rows:
        db.session.execute(insert(ShopperRollup), [
            {**row, "company_id": company_id, "month": month, "created_at": now, "updated_at": now} for row in rows])


def recompute(company_days):
    """Replace the rollups of these (company_id, day) pairs with a fresh aggregate; returns rows written."""
    for company_id, month in sorted({(c, _month_start(d)) for c, d in company_days}):
        _recompute_shopper_month(company_id, month)
    written = 0
    for company_id, day in sorted(company_days):
        start, end = _bounds(day)
        db.session.execute(delete(EvaluationRollup).where(EvaluationRollup.company_id == company_id,
                                                          EvaluationRollup.day == day)
                           .execution_options(synchronize_session=False))
        rows = db.session.execute(aggregate_select().where(
            Evaluation.company_id == company_id, Evaluation.created_at >= start, Evaluation.created_at < end
        ).execution_options(include_deleted=True)).mappings().all()
        now = utcnow()
        if rows:
            db.session.execute(insert(EvaluationRollup), [{**row, "created_at": now, "updated_at": now} for row in rows])
        written += len(rows)
    db.session.commit()
    return written


def touched_since(watermark):
    """(company, day) pairs whose evaluations changed after the watermark, deleted ones included."""
    day = _day(Evaluation.created_at)
    stmt = (select(Evaluation.company_id, day).where(Evaluation.updated_at > watermark - OVERLAP)
            .group_by(Evaluation.company_id, day).execution_options(include_deleted=True))
    return {(company_id, _as_date(d)) for company_id, d in db.session.execute(stmt)}


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def refresh(watermark_store):
    """Incremental refresh: only the days touched since the last run (a first run rebuilds everything)."""
    started = utcnow()
    last = watermark_store.get()
    pairs = touched_since(last) if last else all_company_days()
    written = recompute(pairs)
    watermark_store.set(started)
    return {"days": len(pairs), "rows": written}


def all_company_days():
    day = _day(Evaluation.created_at)
    stmt = select(Evaluation.company_id, day).group_by(Evaluation.company_id, day).execution_options(
        include_deleted=True)
    existing = db.session.execute(select(EvaluationRollup.company_id, EvaluationRollup.day).distinct())
    pairs = {(c, _as_date(d)) for c, d in db.session.execute(stmt)}
    return pairs | {(c, _as_date(d)) for c, d in existing}


def rebuild():
    """Full reconcile: every day of every company recomputed from the raw tables."""
    pairs = all_company_days()
    return {"days": len(pairs), "rows": recompute(pairs)}


class Watermark:
    """When the last incremental refresh started: in Redis when configured, else in a file under var/."""

    KEY = "siete:rollups:watermark"

    def __init__(self, config):
        from siete.core.redis_clients import redis_client

        url = config.get("REDIS_URL")
        self._redis = redis_client(url, "state") if url else None
        self._file = config["VAR_DIR"] / "rollups.watermark"

    def get(self):
        raw = self._redis.get(self.KEY) if self._redis else (self._file.read_text() if self._file.exists() else None)
        return datetime.fromisoformat(raw.decode() if isinstance(raw, bytes) else raw) if raw else None

    def set(self, moment):
        if self._redis:
            self._redis.set(self.KEY, moment.isoformat())
        else:
            self._file.write_text(moment.isoformat())

    def clear(self):
        if self._redis:
            self._redis.delete(self.KEY)
        else:
            self._file.unlink(missing_ok=True)
