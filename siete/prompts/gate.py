"""Golden-set regression before a prompt or scorecard version goes live: the configured analyzer runs over the
company's reviewed evaluations as things stand and with the candidate; a drop in agreement with the reviewers beyond
GOLDEN_MAX_DROP refuses the activation (unless forced), and the refusal says by how much.

Prompts are this package's own kind; scorecards register theirs (`register_kind`), so this module imports no
scorecard code and scorecards may import it."""
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from siete.ai import AnalysisContext, Transcript
from siete.ai.schemas import CHECKS
from siete.ai.settings import analyzer_from_config
from siete.analysis.evaluation import Case
from siete.analysis.models import EvaluationAnalysis
from siete.audit import service as audit
from siete.core import tenancy
from siete.core.after_commit import defer, on_commit
from siete.extensions import db
from siete.prompts.models import ActivationCheck, Prompt

CHECK_KEY = "siete_activation_checks"
CRITICAL_IRD = 70


@dataclass(frozen=True)
class Kind:
    """What can be checked before it goes live: how to load and activate a version, and what it changes in the
    analysis context (`apply(context, row)` returns the candidate's context)."""

    name: str
    model: type
    activate: Callable[..., None]
    apply: Callable[[AnalysisContext, Any], AnalysisContext]
    criteria: Callable[[int], tuple] | None = None  # the company's active criteria (set by the scorecards' kind)


KINDS: dict[str, Kind] = {}


def register_kind(kind):
    KINDS[kind.name] = kind
    return kind


def family(company_id, name):
    owner = Prompt.company_id.is_(None) if company_id is None else Prompt.company_id == company_id
    return (owner, Prompt.name == name)


def _activate_prompt(prompt, **details):
    """Make `prompt` its family's one active version, audited."""
    db.session.execute(update(Prompt).where(*family(prompt.company_id, prompt.name)).values(is_active=False))
    prompt.is_active = True
    audit.record("prompt.activated", prompt, after={**audit.snapshot(prompt, "version", "company_id"), **details})


def _with_prompt(context, prompt):
    from siete.prompts.service import version_label

    return replace(context, prompt_text=prompt.content, prompt_version=version_label(prompt))


register_kind(Kind("prompt", Prompt, _activate_prompt, _with_prompt))


def _golden():
    """The reviewed analyses of the company in scope: a person stood behind every verdict they hold."""
    return (select(EvaluationAnalysis.id, EvaluationAnalysis.transcript, EvaluationAnalysis.operative_view)
            .where(EvaluationAnalysis.published_by.is_not(None), EvaluationAnalysis.transcript.is_not(None),
                   EvaluationAnalysis.operative_view.is_not(None)).order_by(EvaluationAnalysis.id))


def request_activation(kind_name, row, *, force=False):
    """Activate now (forced, a platform-wide version, or no reviewed evaluations to compare on), or start a check and
    return it; the version stays inactive until the check passes."""
    kind = KINDS[kind_name]
    if force:
        kind.activate(row, forced=True)
        audit.record(f"{kind.name}.activation_forced", row, after=audit.snapshot(row, "version", "company_id"))
        return None
    if row.company_id is None:
        kind.activate(row)
        return None
    with tenancy.tenant_scope(row.company_id):
        total = db.session.scalar(select(func.count()).select_from(_golden().subquery()))
    if not total:
        kind.activate(row, golden_set=0)
        return None
    check = ActivationCheck(company_id=row.company_id, kind=kind.name, version_id=row.id, status="running",
                            total=total, margin=current_app.config["GOLDEN_MAX_DROP"],
                            requested_by=tenancy.current_scope().user_id)
    db.session.add(check)
    db.session.flush()
    defer(db.session(), CHECK_KEY, [check.id])
    return check


def _queue(check_ids):
    from siete.prompts.tasks import run_activation_check

    for check_id in check_ids:
        run_activation_check.delay(check_id)


on_commit(CHECK_KEY, _queue)


def _case(analysis_id, labels, human_ird, view):
    """One golden evaluation judged like a labelled dialogue (analysis/evaluation.py): the reviewers' verdicts are
    the labels, their IRD the churn class."""
    churn = "high" if human_ird >= CRITICAL_IRD else "medium" if human_ird >= 40 else "low"
    if view is None:
        return Case(str(analysis_id), churn, 0, False, dict.fromkeys(CHECKS, False), labels, error="no answer")
    ird = int(view["IRD"]["score"])
    return Case(str(analysis_id), churn, ird, ird >= CRITICAL_IRD or bool(view["verbatims"]["criticos"]),
                {c: bool(view["calidad_basica"][c]) for c in CHECKS}, labels)


def _agreement(cases, criteria_pairs):
    """The evaluation command's per-check agreement (analysis/evaluation.Report), widened to the criteria the
    reviewers judged; None when no case was answered."""
    pairs = [(c.checks[k], c.labels[k]) for c in cases if c.error is None for k in CHECKS]
    if not pairs:
        return None
    pairs += criteria_pairs
    return round(sum(ai == human for ai, human in pairs) / len(pairs), 4)


def _criteria_pairs(human_view, view):
    """(AI, reviewer) verdicts of every criterion both the reviewed analysis and the new answer hold."""
    human = human_view.get("criterios") or {}
    answered = (view or {}).get("criterios") or {}
    return [(bool(answered[key]["cumple"]), bool(verdict["cumple"])) for key, verdict in sorted(human.items())
            if verdict.get("cumple") is not None and key in answered and view is not None]


def _active_context(company_id):
    """The analysis context as it stands: the effective prompt and the active scorecard's criteria."""
    from siete.prompts.service import effective_prompt

    active = effective_prompt(company_id)
    criteria = next((k.criteria(company_id) for k in KINDS.values() if k.criteria), ())
    return AnalysisContext(prompt_text=None if active["source"] == "built-in" else active["content"],
                           prompt_version=active["version"], criteria=tuple(criteria))


def run(check_id):
    """Run one check to its verdict (idempotent: a finished check is left as it is)."""
    check = db.session.get(ActivationCheck, check_id)
    if check is None or check.status != "running":
        return check
    kind = KINDS[check.kind]
    row = db.session.get(kind.model, check.version_id)
    before_context = _active_context(check.company_id)
    contexts = (before_context, kind.apply(before_context, row))
    analyzer = analyzer_from_config(current_app.config)
    rows = db.session.execute(_golden()).all()
    db.session.commit()  # no transaction held open across the AI calls
    cases, pairs = ([], []), ([], [])
    for index, golden in enumerate(rows, start=1):
        transcript = Transcript.from_dict(golden.transcript)
        labels = {c: bool(golden.operative_view["calidad_basica"][c]) for c in CHECKS}
        for context, judged, criteria in zip(contexts, cases, pairs, strict=True):
            try:
                view = analyzer.analyze(transcript, context).operative_view
            except Exception:  # noqa: BLE001 - one failed answer counts as a disagreement, not a crash
                view = None
            judged.append(_case(golden.id, labels, int(golden.operative_view["IRD"]["score"]), view))
            criteria.extend(_criteria_pairs(golden.operative_view, view))
        check.progress = round(100 * index / len(rows))
        db.session.commit()
    before, after = (_agreement(c, p) for c, p in zip(cases, pairs, strict=True))
    return _decide(check, kind, row, before, after, len(rows))


def _decide(check, kind, row, before, after, count):
    check.before_agreement, check.after_agreement, check.progress = before, after, 100
    noun = "el prompt" if kind.name == "prompt" else "la ficha de evaluación"
    if before is None or after is None:
        check.status = "failed"
        check.message = "No se pudo comparar: el analizador no respondió para ninguna evaluación revisada."
    elif before - after > check.margin:
        check.status = "refused"
        check.message = (f"Activación rechazada: con la versión {row.version} la concordancia con los revisores baja "
                         f"de {before:.0%} a {after:.0%} en {count} evaluaciones revisadas (margen permitido "
                         f"{check.margin:.0%}). Corrija {noun} o actívelo con force=true.")
    else:
        check.status = "activated"
        check.message = (f"Activada: concordancia con los revisores {before:.0%} con la versión activa y {after:.0%} "
                         f"con la nueva, en {count} evaluaciones revisadas.")
        kind.activate(row, check_id=check.id, requested_by=check.requested_by, before=before, after=after)
    db.session.commit()
    return check
