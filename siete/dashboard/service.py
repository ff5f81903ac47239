"""Role-based dashboards read from the daily rollups (seed §6.7, §9.2); only small lists touch raw tables."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import case, func, select

from siete.analysis.models import EvaluationAnalysis
from siete.campaigns.models import Campaign
from siete.companies.models import Company
from siete.core import tenancy
from siete.core.roles import Role
from siete.dashboard import criteria
from siete.dashboard.models import QUALITY_CHECKS, EvaluationRollup, ShopperRollup
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.users.models import User
from siete.zones.models import Zone

R = EvaluationRollup
KPI_NAMES = {"ioc": "IOC", "ird": "IRD", "ces": "CES", "nps": "NPS_inferido"}
COUNTS = ("submitted", "completed", "failed")


def _sums():
    columns = [func.coalesce(func.sum(getattr(R, c)), 0).label(c) for c in COUNTS]
    for kpi in KPI_NAMES:
        columns += [func.coalesce(func.sum(getattr(R, f"{kpi}_sum")), 0).label(f"{kpi}_sum"),
                    func.coalesce(func.sum(getattr(R, f"{kpi}_count")), 0).label(f"{kpi}_count")]
    columns += [func.coalesce(func.sum(getattr(R, f"{c}_yes")), 0).label(f"{c}_yes") for c in QUALITY_CHECKS]
    columns += [func.coalesce(func.sum(R.quality_count), 0).label("quality_count"),
                func.coalesce(func.sum(R.critical_verbatims), 0).label("critical_verbatims")]
    return columns


def _summary(row):
    """Counts, KPI averages and quality compliance rates from summed rollup columns."""
    row = dict(row)
    out = {c: int(row[c]) for c in COUNTS}
    out["in_progress"] = out["submitted"] - out["completed"] - out["failed"]
    out["kpis"] = {label: _avg(row[f"{k}_sum"], row[f"{k}_count"]) for k, label in KPI_NAMES.items()}
    out["quality"] = {c: _rate(row[f"{c}_yes"], row["quality_count"]) for c in QUALITY_CHECKS}
    out["critical_verbatims"] = int(row["critical_verbatims"])
    return out


def _avg(total, count):
    return round(float(total) / count, 2) if count else None


def _rate(yes, count):
    return round(100.0 * yes / count, 1) if count else None


def _filtered(stmt, args):
    if args.get("date_from"):
        stmt = stmt.where(R.day >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(R.day <= args["date_to"])
    if args.get("campaign_id"):
        stmt = stmt.where(R.campaign_id == args["campaign_id"])
    if args.get("zone_id"):
        stmt = stmt.where(R.zone_id == args["zone_id"])
    return stmt


def _grouped(args, key, names):
    stmt = _filtered(select(key.label("key"), *_sums()).group_by(key), args)
    rows = []
    for row in db.session.execute(stmt).mappings():
        rows.append({"id": row["key"], "name": names.get(row["key"]), **_summary(row)})
    return sorted(rows, key=lambda r: (-r["submitted"], r["id"]))


def _period_bounds(args):
    start = datetime.combine(args["date_from"], time.min, timezone.utc) if args.get("date_from") else None
    end = datetime.combine(args["date_to"] + timedelta(days=1), time.min, timezone.utc) if args.get("date_to") else None
    return start, end


def _evaluations_in_period(stmt, args):
    start, end = _period_bounds(args)
    if start:
        stmt = stmt.where(Evaluation.created_at >= start)
    if end:
        stmt = stmt.where(Evaluation.created_at < end)
    for field in ("campaign_id", "zone_id"):
        if args.get(field):
            stmt = stmt.where(getattr(Evaluation, field) == args[field])
    return stmt


def _leaderboard_from_rollups(args, limit):
    S = ShopperRollup
    completed, submitted = func.sum(S.completed), func.sum(S.submitted)
    stmt = (select(S.user_id, submitted.label("submitted"), completed.label("completed")).group_by(S.user_id)
            .order_by(completed.desc(), submitted.desc(), S.user_id).limit(limit))
    if args.get("campaign_id"):
        stmt = stmt.where(S.campaign_id == args["campaign_id"])
    return db.session.execute(stmt).all()


def _leaderboard_from_evaluations(args, limit):
    completed = func.count(case((Evaluation.status == "completed", 1)))
    return db.session.execute(_evaluations_in_period(
        select(Evaluation.user_id, func.count().label("submitted"), completed.label("completed"))
        .group_by(Evaluation.user_id).order_by(completed.desc(), func.count().desc(), Evaluation.user_id)
        .limit(limit), args)).all()


def _leaderboard(args, limit=10):
    """Top shoppers: from the monthly shopper rollups, or from raw rows for a period or zone they cannot cut."""
    exact = any(args.get(k) for k in ("date_from", "date_to", "zone_id"))
    rows = (_leaderboard_from_evaluations if exact else _leaderboard_from_rollups)(args, limit)
    names = dict(db.session.execute(select(User.id, User.first_name + " " + User.last_name)
                                    .where(User.id.in_([r.user_id for r in rows]))).all())
    return [{"user_id": r.user_id, "name": names.get(r.user_id), "submitted": int(r.submitted),
             "completed": int(r.completed)} for r in rows]


def _top_critical(args, limit=10):
    """The latest critical verbatims of published analyses (partial index on critical_count > 0); a reviewer's
    dashboard shows the client's figures too."""
    stmt = _evaluations_in_period(
        select(EvaluationAnalysis.evaluation_id, EvaluationAnalysis.operative_view["verbatims"]["criticos"],
               Evaluation.campaign_id, Evaluation.zone_id, EvaluationAnalysis.created_at)
        .join(Evaluation, Evaluation.id == EvaluationAnalysis.evaluation_id)
        .where(EvaluationAnalysis.critical_count > 0, EvaluationAnalysis.published_at.is_not(None))
        .order_by(EvaluationAnalysis.created_at.desc()).limit(limit), args)
    return [{"evaluation_id": e, "quotes": quotes or [], "campaign_id": c, "zone_id": z, "created_at": at}
            for e, quotes, c, z, at in db.session.execute(stmt)]


def company_dashboard(args):
    """Admin view (all campaigns) or manager view (the row rules leave only their assigned campaigns)."""
    totals = db.session.execute(_filtered(select(*_sums()), args)).mappings().one()
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.name)).all())
    zones = dict(db.session.execute(select(Zone.id, Zone.name)).all())
    goals = dict(db.session.execute(select(Campaign.id, Campaign.goal)).all())
    by_campaign = _grouped(args, R.campaign_id, campaigns)
    for row in by_campaign:
        row["goal"] = goals.get(row["id"])
    return {
        **_summary(totals),
        "by_campaign": by_campaign,
        "by_zone": _grouped(args, R.zone_id, zones),
        "leaderboard": _leaderboard(args),
        "top_critical": _top_critical(args),
        "criteria": criteria.criteria_compliance(args),
        "contradictions_by_shopper": criteria.contradictions_by_shopper(args),
    }


def shopper_dashboard(user_id):
    counts = dict(db.session.execute(select(Evaluation.status, func.count()).group_by(Evaluation.status)).all())
    recent = db.session.scalars(select(Evaluation).order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
                                .limit(10)).all()
    return {"submitted": sum(counts.values()), "completed": counts.get("completed", 0),
            "failed": counts.get("failed", 0),
            "in_progress": counts.get("pending", 0) + counts.get("analyzing", 0) + counts.get("in_review", 0),
            "recent": recent}


def superadmin_dashboard(args):
    companies = db.session.scalars(select(Company).order_by(Company.name)).all()
    users = dict(db.session.execute(select(User.company_id, func.count()).group_by(User.company_id)).all())
    since = date.today() - timedelta(days=30)
    recent = dict(db.session.execute(select(R.company_id, func.sum(R.submitted)).where(R.day >= since)
                                     .group_by(R.company_id)).all())
    rows = {row["key"]: row for row in db.session.execute(
        _filtered(select(R.company_id.label("key"), *_sums()).group_by(R.company_id), args)).mappings()}
    empty = {c: 0 for c in _sums_keys()}
    per_company = [{
        "id": c.id, "name": c.name, "subscription_status": c.subscription_status, "paid_until": c.paid_until,
        "users": users.get(c.id, 0), "submitted_last_30_days": int(recent.get(c.id) or 0),
        **_summary(rows.get(c.id, empty)),
    } for c in companies]
    totals = db.session.execute(_filtered(select(*_sums()), args)).mappings().one()
    by_status = {}
    for c in companies:
        by_status[c.subscription_status] = by_status.get(c.subscription_status, 0) + 1
    return {**_summary(totals), "companies": per_company, "companies_by_status": by_status}


def _sums_keys():
    return [column.key for column in _sums()]


def dashboard(args):
    scope = tenancy.current_scope()
    if scope.role == Role.SUPERADMIN:
        return {"role": "superadmin", **superadmin_dashboard(args)}
    if scope.role == Role.ADMIN:
        return {"role": "admin", **company_dashboard(args)}
    if scope.role == Role.MANAGER:
        return {"role": "manager", **company_dashboard(args)}
    return {"role": "shopper", **shopper_dashboard(scope.user_id)}


TREND_KPIS = (*KPI_NAMES, *COUNTS, "critical_verbatims", *(f"quality_{c}" for c in QUALITY_CHECKS))


def _bucket(day, interval):
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _criterion_trend(args):
    """One criterion's compliance rate over time, from the analyses (see dashboard.criteria)."""
    buckets = {}
    for day, met, not_met in criteria.criterion_days(args, args["criterion"]):
        acc = buckets.setdefault(_bucket(day, args["interval"]), [0, 0])
        acc[0], acc[1] = acc[0] + met, acc[1] + not_met
    series = [{"period": period, "value": _rate(met, met + not_met), "count": met + not_met}
              for period, (met, not_met) in sorted(buckets.items())]
    return {"kpi": args["kpi"], "criterion": args["criterion"], "interval": args["interval"], "series": series}


def trends(args):
    """A KPI over time (day, week or month buckets) from the daily rollups, e.g. inferred NPS evolution; a
    criterion's compliance from the analyses."""
    if args["kpi"] == "criterion":
        return _criterion_trend(args)
    stmt = _filtered(select(R.day, *_sums()).group_by(R.day).order_by(R.day), args)
    buckets = {}
    for row in db.session.execute(stmt).mappings():
        key = _bucket(row["day"], args["interval"])
        acc = buckets.setdefault(key, {k: 0 for k in _sums_keys()})
        for k in acc:
            acc[k] += row[k]
    kpi = args["kpi"]
    series = []
    for period, acc in sorted(buckets.items()):
        if kpi in KPI_NAMES:
            value, count = _avg(acc[f"{kpi}_sum"], acc[f"{kpi}_count"]), int(acc[f"{kpi}_count"])
        elif kpi.startswith("quality_"):
            value, count = _rate(acc[f"{kpi[8:]}_yes"], acc["quality_count"]), int(acc["quality_count"])
        else:
            value, count = int(acc[kpi]), int(acc["submitted"])
        series.append({"period": period, "value": value, "count": count})
    return {"kpi": kpi, "interval": args["interval"], "series": series}
