"""Compliance per scorecard criterion and survey contradictions per shopper, read from the analyses themselves
(criteria are each company's own and versioned, so no rollup column can hold them)."""
from datetime import date

from sqlalchemy import case, column, func, select, true
from sqlalchemy.dialects.postgresql import JSONB

from siete.analysis.models import EvaluationAnalysis as A
from siete.dashboard.rollups import _day
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.users.models import User


def _verdicts():
    """One row per (analysis, criterion) with the criterion's key, name and whether it was met, not met or
    left without a verdict: jsonb_each on PostgreSQL, json_each on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        each = func.jsonb_each(A.operative_view["criterios"]).table_valued("key", column("value", JSONB))
        verdict = each.c.value["cumple"].astext
        return each, each.c.value["nombre"].astext, verdict == "true", verdict == "false"
    each = func.json_each(A.operative_view, "$.criterios").table_valued("key", "value")
    verdict = func.json_extract(each.c.value, "$.cumple")
    return each, func.json_extract(each.c.value, "$.nombre"), verdict == 1, verdict == 0


def _in_period(stmt, args):
    """Published analyses only (the client's figures, a reviewer's dashboard too), by the dashboard's filters."""
    from siete.dashboard.service import _evaluations_in_period

    stmt = stmt.join(Evaluation, Evaluation.id == A.evaluation_id).where(A.published_at.is_not(None))
    return _evaluations_in_period(stmt, args)


def _compliance(met, not_met):
    judged = met + not_met
    return {"evaluated": judged, "met": met, "not_met": not_met,
            "compliance": round(100.0 * met / judged, 1) if judged else None}


def criteria_compliance(args):
    """Per criterion key: analyses that judged it, met and not met, and the compliance rate (%), by the
    dashboard's campaign, zone and date filters; the name is the latest one analyses recorded."""
    each, name, met, not_met = _verdicts()
    stmt = _in_period(select(each.c.key, func.max(name).label("name"), func.count(case((met, 1))).label("met"),
                             func.count(case((not_met, 1))).label("not_met"),
                             func.count().label("analyses")).select_from(A), args)
    stmt = stmt.join(each, true()).group_by(each.c.key).order_by(each.c.key)
    return [{"key": row.key, "name": row.name, "analyses": int(row.analyses),
             **_compliance(int(row.met), int(row.not_met))} for row in db.session.execute(stmt)]


def criterion_days(args, key):
    """(day, met, not met) of one criterion per day, for the trends' buckets."""
    each, _, met, not_met = _verdicts()
    day = _day(Evaluation.created_at).label("day")
    stmt = _in_period(select(day, func.count(case((met, 1))), func.count(case((not_met, 1)))).select_from(A), args)
    stmt = stmt.join(each, true()).where(each.c.key == key).group_by(day).order_by(day)
    return [(value if isinstance(value, date) else date.fromisoformat(value), int(yes), int(no))
            for value, yes, no in db.session.execute(stmt)]


def contradictions_by_shopper(args, limit=10):
    """Shoppers whose questionnaire the recordings contradict most: analyses, flagged ones, contradictions."""
    total = func.sum(A.contradiction_count)
    stmt = _in_period(select(Evaluation.user_id, func.count().label("analyses"),
                             func.count(case((A.contradiction_count > 0, 1))).label("flagged"),
                             total.label("contradictions")).select_from(A), args)
    rows = db.session.execute(stmt.group_by(Evaluation.user_id).having(total > 0)
                              .order_by(total.desc(), Evaluation.user_id).limit(limit)).all()
    names = dict(db.session.execute(select(User.id, User.first_name + " " + User.last_name)
                                    .where(User.id.in_([r.user_id for r in rows]))).all())
    return [{"user_id": r.user_id, "name": names.get(r.user_id), "analyses": int(r.analyses),
             "flagged": int(r.flagged), "contradictions": int(r.contradictions)} for r in rows]
