"""Aggregate survey answers: the database groups each question's answers, Python does the exact math."""
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import func, select

from siete.core.pagination import apply_day_range
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.surveys.models import SurveyResponse
from siete.surveys.questions import CHOICE_TYPES, NPS, SCALE

LATEST_TEXTS = 10


def _round(value, places):
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _filtered(stmt, survey_ids, args):
    """Responses of these versions; joining evaluations applies tenancy's row rules (managers: their
    campaigns' evaluations) and drops answers of deleted evaluations."""
    stmt = stmt.join(Evaluation, Evaluation.id == SurveyResponse.evaluation_id).where(
        SurveyResponse.survey_id.in_(survey_ids)
    )
    if args.get("campaign_id") is not None:
        stmt = stmt.where(Evaluation.campaign_id == args["campaign_id"])
    return apply_day_range(stmt, SurveyResponse.created_at, args)


def _distribution(base, question_id):
    """[(answer, how many responses gave it)] for one question; None stands for unanswered."""
    answer = SurveyResponse.answers[question_id]
    return db.session.execute(base(select(answer, func.count())).group_by(answer)).all()


def _numbers(pairs):
    return [(value, n) for value, n in pairs if isinstance(value, (int, float)) and not isinstance(value, bool)]


def _stats(pairs):
    count = sum(n for _, n in pairs)
    if not count:
        return {"count": 0, "mean": None, "min": None, "max": None}
    total = sum(Fraction(value) * n for value, n in pairs)
    values = [value for value, _ in pairs]
    return {"count": count, "mean": _round(total / count, 2), "min": min(values), "max": max(values)}


def _value_counts(pairs, low, high):
    tally = {value: 0 for value in range(low, high + 1)}
    for value, n in pairs:
        tally[value] += n
    return [{"option": str(value), "count": n} for value, n in tally.items()]


def _whole_numbers(pairs, low, high):
    return [(value, n) for value, n in _numbers(pairs) if value == int(value) and low <= value <= high]


def _choice(question, pairs):
    tally = dict.fromkeys(question["options"], 0)
    count = 0
    for value, n in pairs:
        chosen = value if isinstance(value, list) else [value]
        hits = [option for option in chosen if isinstance(option, str) and option in tally]
        for option in hits:
            tally[option] += n
        count += n if hits else 0
    return {"count": count, "counts": [{"option": k, "count": v} for k, v in tally.items()]}


def _yes_no(question, pairs):
    # SQLite hands JSON booleans back as 1/0; PostgreSQL as True/False.
    tally = {"yes": 0, "no": 0}
    for value, n in pairs:
        if isinstance(value, bool) or value in (0, 1):
            tally["yes" if value else "no"] += n
    return {"count": sum(tally.values()), "counts": [{"option": k, "count": v} for k, v in tally.items()]}


def _scale(question, pairs):
    pairs = _whole_numbers(pairs, *SCALE)
    return {**_stats(pairs), "counts": _value_counts(pairs, *SCALE)}


def _nps(question, pairs):
    pairs = _whole_numbers(pairs, *NPS)
    stats = _stats(pairs)
    promoters = sum(n for value, n in pairs if value >= 9)
    detractors = sum(n for value, n in pairs if value <= 6)
    count = stats["count"]
    return {
        "count": count,
        "mean": stats["mean"],
        "nps": _round(Fraction(100 * (promoters - detractors), count), 1) if count else None,
        "promoters": promoters,
        "passives": count - promoters - detractors,
        "detractors": detractors,
        "counts": _value_counts(pairs, *NPS),
    }


def _number(question, pairs):
    return _stats(_numbers(pairs))


def _text(base, question_id):
    answer = SurveyResponse.answers[question_id]
    present = answer.as_string().is_not(None)
    count = db.session.scalar(base(select(func.count(SurveyResponse.id))).where(present))
    rows = db.session.execute(
        base(select(answer, SurveyResponse.evaluation_id, SurveyResponse.created_at))
        .where(present)
        .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
        .limit(LATEST_TEXTS)
    ).all()
    latest = [
        {"answer": value, "evaluation_id": evaluation_id, "created_at": created_at}
        for value, evaluation_id, created_at in rows
        if isinstance(value, str)
    ]
    return {"count": count, "latest": latest}


SUMMARIES = {"number": _number, "yes_no": _yes_no, "scale": _scale, "nps": _nps}
SUMMARIES.update(dict.fromkeys(CHOICE_TYPES, _choice))


def aggregate(questions, survey_ids, args):
    """Response count and one summary per question over the responses matching the filters."""

    def base(stmt):
        return _filtered(stmt, survey_ids, args)

    summaries = []
    for question in questions:
        if question["type"] == "text":
            summary = _text(base, question["id"])
        else:
            summary = SUMMARIES[question["type"]](question, _distribution(base, question["id"]))
        summaries.append({"id": question["id"], "type": question["type"], "text": question["text"], **summary})
    responses = db.session.scalar(base(select(func.count(SurveyResponse.id))))
    return {"responses": responses, "questions": summaries}
