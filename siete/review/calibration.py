"""How often the AI agrees with people: per target and per provider, model, prompt and scorecard version."""
from collections import defaultdict

from sqlalchemy import or_, select

from siete.analysis.models import EvaluationAnalysis
from siete.core.pagination import apply_day_range
from siete.extensions import db
from siete.review import targets
from siete.review.models import AnalysisOverride

VERSION_COLUMNS = ("provider", "model", "prompt_version", "scorecard_version")


def cohen_kappa(both_yes, ai_only, human_only, both_no):
    """Cohen's kappa of two raters on yes/no; None when chance agreement is total (kappa is undefined)."""
    n = both_yes + ai_only + human_only + both_no
    if n == 0:
        return None
    observed = (both_yes + both_no) / n
    ai_yes, human_yes = (both_yes + ai_only) / n, (both_yes + human_only) / n
    expected = ai_yes * human_yes + (1 - ai_yes) * (1 - human_yes)
    if expected >= 1:
        return None
    return round((observed - expected) / (1 - expected), 4)


def _human_verdicts(args):
    """(analysis row, {target: ai value}) for every analysis a human reviewed or corrected, in the date range."""
    corrected = select(AnalysisOverride.analysis_id)
    columns = [getattr(EvaluationAnalysis, c) for c in VERSION_COLUMNS]
    stmt = select(EvaluationAnalysis.id, EvaluationAnalysis.published_by, EvaluationAnalysis.operative_view,
                  *columns).where(EvaluationAnalysis.published_at.is_not(None),
                                  or_(EvaluationAnalysis.published_by.is_not(None),
                                      EvaluationAnalysis.id.in_(corrected)))
    if args.get("company_id"):
        stmt = stmt.where(EvaluationAnalysis.company_id == args["company_id"])
    rows = db.session.execute(apply_day_range(stmt, EvaluationAnalysis.published_at, args)).all()
    ai_values = defaultdict(dict)
    if rows:
        for analysis_id, target, ai_value in db.session.execute(
                select(AnalysisOverride.analysis_id, AnalysisOverride.target, AnalysisOverride.ai_value)
                .where(AnalysisOverride.analysis_id.in_([r.id for r in rows]))):
            ai_values[analysis_id][target] = (ai_value or {}).get("value")
    return rows, ai_values


def calibration(args):
    """Per target and version: reviewed verdicts, agreement and kappa. A reviewed analysis counts every target (the
    reviewer accepted what they did not override); an unreviewed one counts only the targets a person corrected."""
    rows, ai_values = _human_verdicts(args)
    cells = defaultdict(lambda: [0, 0, 0, 0])  # both yes, ai only, human only, both no
    for row in rows:
        corrected = ai_values.get(row.id, {})
        for target in targets.verdict_targets(row.operative_view):
            if row.published_by is None and target not in corrected:
                continue
            human = targets.read(row.operative_view, target)
            ai = corrected.get(target, human)
            if not isinstance(ai, bool) or not isinstance(human, bool):
                continue
            key = (target, *(getattr(row, c) for c in VERSION_COLUMNS))
            cells[key][_cell(ai, human)] += 1
    groups = []
    for key in sorted(cells, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        both_yes, ai_only, human_only, both_no = cells[key]
        reviewed = both_yes + ai_only + human_only + both_no
        groups.append({
            "target": key[0], **dict(zip(VERSION_COLUMNS, key[1:], strict=True)), "reviewed": reviewed,
            "agreed": both_yes + both_no, "agreement": round((both_yes + both_no) / reviewed, 4),
            "kappa": cohen_kappa(both_yes, ai_only, human_only, both_no),
            "ai_yes": both_yes + ai_only, "human_yes": both_yes + human_only})
    return {"date_from": args.get("date_from"), "date_to": args.get("date_to"), "reviewed_analyses": len(rows),
            "groups": groups}


def _cell(ai, human):
    """Index into (both yes, ai only, human only, both no)."""
    if ai and human:
        return 0
    if ai:
        return 1
    return 2 if human else 3
