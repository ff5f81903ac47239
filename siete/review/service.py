"""Review before publication, human overrides beside the AI's verdict, and disputes: each change is audited and
notifies the other side, in the caller's transaction."""
from sqlalchemy import select

from siete.analysis.models import EvaluationAnalysis
from siete.analysis.service import analysis_of
from siete.audit.service import record, snapshot
from siete.core import tenancy
from siete.core.errors import Conflict, NotFound
from siete.core.models import utcnow
from siete.core.pagination import apply_sort
from siete.core.service import transactional
from siete.evaluations import lifecycle, pipeline
from siete.evaluations.models import Evaluation
from siete.evaluations.service import get_evaluation
from siete.evaluations.tasks import start_pipeline
from siete.extensions import db
from siete.notifications.service import notify, reviewer_ids
from siete.review import targets
from siete.review.models import AnalysisOverride, Dispute
from siete.scorecards.service import rescore

PUBLICATION = ("published_at", "published_by")


def review_queue(args):
    """Analyses waiting for a reviewer: those whose survey contradicts the recording first, then the most critical,
    then the oldest."""
    stmt = (select(Evaluation).join(EvaluationAnalysis, EvaluationAnalysis.evaluation_id == Evaluation.id)
            .where(Evaluation.status == "in_review")
            .order_by(EvaluationAnalysis.contradiction_count.desc(), EvaluationAnalysis.critical_count.desc(),
                      Evaluation.completed_at, Evaluation.id))
    for field in ("campaign_id", "zone_id", "user_id"):
        if args.get(field):
            stmt = stmt.where(getattr(Evaluation, field) == args[field])
    return stmt


def _analysis(evaluation):
    """The finished analysis of a visible evaluation (for a client: only once published)."""
    analysis = analysis_of(evaluation)
    if analysis is None or analysis.operative_view is None:
        raise NotFound(f"Evaluation {evaluation.id} has no analysis to review")
    return analysis


@transactional
def publish(evaluation_id, data):
    """Release an analysis in review to the client, who is told as if it had just been analysed."""
    evaluation = get_evaluation(evaluation_id)
    analysis = _analysis(evaluation)
    if not lifecycle.publish(evaluation.id, tenancy.current_scope().user_id):
        raise Conflict(f"Evaluation {evaluation_id} is not in review (status: {evaluation.status})")
    db.session.refresh(analysis)
    record("analysis.published", analysis, before={"status": "in_review"},
           after={"status": "completed", "note": data.get("note"), **snapshot(analysis, *PUBLICATION)})
    db.session.refresh(evaluation)
    pipeline.announce(evaluation)
    return analysis


def send_back(evaluation_id, data):
    """Return an analysis in review for a new analysis run, with the reviewer's reason; its overrides go with it."""
    evaluation = get_evaluation(evaluation_id)
    analysis = _analysis(evaluation)
    if not lifecycle.reset_for_reprocess(evaluation.id, statuses=("in_review",), commit=False):
        raise Conflict(f"Evaluation {evaluation_id} is not in review (status: {evaluation.status})")
    record("analysis.sent_back", analysis, before=snapshot(analysis, "operative_view", "executive_view"),
           after={"reason": data["reason"]})
    for override in _overrides(analysis):
        override.soft_delete()
    analysis.analysis = analysis.executive_view = analysis.operative_view = None
    analysis.critical_count = analysis.contradiction_count = 0
    analysis.scorecard_score = None
    db.session.commit()
    start_pipeline(evaluation.id, force=True)
    db.session.refresh(evaluation)
    return evaluation


def _overrides(analysis):
    return db.session.scalars(select(AnalysisOverride).where(AnalysisOverride.analysis_id == analysis.id)).all()


def _apply(evaluation, analysis, target, value, reason, dispute=None):
    """Set one target to the human verdict, keeping the AI's first verdict beside it; audited."""
    current = targets.read(analysis.operative_view, target)
    value = targets.clean(target, value)
    override = db.session.scalars(select(AnalysisOverride).where(
        AnalysisOverride.analysis_id == analysis.id, AnalysisOverride.target == target)).first()
    before = snapshot(override) if override else {"target": target, "value": current}
    if override is None:
        override = AnalysisOverride(company_id=analysis.company_id, analysis_id=analysis.id,
                                    evaluation_id=evaluation.id, target=target, ai_value={"value": current})
        db.session.add(override)
    override.human_value, override.reason = {"value": value}, reason
    override.user_id, override.dispute_id = tenancy.current_scope().user_id, dispute.id if dispute else None
    analysis.operative_view = targets.written(analysis.operative_view, target, value)
    rescore(analysis)  # the weighted score and the survey contradictions follow the human verdict
    db.session.flush()
    record("analysis.overridden", override, before=before, after=snapshot(override))
    if evaluation.status == "completed":
        lifecycle.touch(evaluation.id)  # the dashboards recompute this day
    return override


@transactional
def override(evaluation_id, data):
    """A reviewer's verdict on one check, criterion or KPI, with the reason."""
    evaluation = get_evaluation(evaluation_id)
    if evaluation.status not in ("in_review", "completed"):
        raise Conflict(f"Evaluation {evaluation_id} has no finished analysis (status: {evaluation.status})")
    analysis = _analysis(evaluation)
    _apply(evaluation, analysis, data["target"], data["value"], data["reason"])
    return analysis


def list_disputes(args):
    stmt = select(Dispute)
    for field in ("status", "evaluation_id"):
        if args.get(field):
            stmt = stmt.where(getattr(Dispute, field) == args[field])
    return apply_sort(stmt, Dispute, args.get("sort"), {"id", "created_at", "status"}, default="-created_at")


def get_dispute(dispute_id):
    return tenancy.get_or_404(Dispute, dispute_id)


def _tell(user_ids, dispute, event, title, message):
    notify(user_ids, event=event, title=title, message=message, company_id=dispute.company_id,
           data={"evaluation_id": dispute.evaluation_id, "dispute_id": dispute.id, "target": dispute.target,
                 "status": dispute.status})


@transactional
def open_dispute(data):
    """A client's objection to one published verdict; the reviewers are told."""
    evaluation = get_evaluation(data["evaluation_id"])
    analysis = _analysis(evaluation)
    if evaluation.status != "completed" or analysis.published_at is None:
        raise Conflict("Only a published analysis can be disputed")
    targets.read(analysis.operative_view, data["target"])
    if db.session.scalars(select(Dispute.id).where(Dispute.analysis_id == analysis.id, Dispute.status == "open",
                                                   Dispute.target == data["target"])).first():
        raise Conflict(f"There is already an open dispute on {data['target']} for this evaluation")
    dispute = Dispute(company_id=evaluation.company_id, evaluation_id=evaluation.id, analysis_id=analysis.id,
                      target=data["target"], comment=data["comment"], status="open",
                      raised_by=tenancy.current_scope().user_id)
    db.session.add(dispute)
    db.session.flush()
    record("dispute.opened", dispute, after=snapshot(dispute))
    _tell(reviewer_ids(evaluation.company_id), dispute, "dispute.opened", "Nueva disputa de un análisis",
          f"La evaluación #{evaluation.id} tiene una disputa sobre {dispute.target}: {dispute.comment}")
    return dispute


def _open(dispute_id):
    dispute = get_dispute(dispute_id)
    if dispute.status != "open":
        raise Conflict(f"Dispute {dispute_id} is already {dispute.status}")
    return dispute


def _resolve(dispute, status, reason):
    before = snapshot(dispute)
    dispute.status, dispute.resolution = status, reason
    dispute.resolved_by, dispute.resolved_at = tenancy.current_scope().user_id, utcnow()
    db.session.flush()
    record(f"dispute.{status}", dispute, before=before, after=snapshot(dispute))
    verdict = "aceptada: el resultado fue corregido" if status == "accepted" else "rechazada"
    _tell([dispute.raised_by], dispute, f"dispute.{status}", f"Tu disputa fue {verdict.split(':')[0]}",
          f"La disputa sobre {dispute.target} (evaluación #{dispute.evaluation_id}) fue {verdict}. Motivo: {reason}")
    return dispute


@transactional
def accept_dispute(dispute_id, data):
    """The reviewer agrees: the verdict is overridden (to `value`, or the opposite verdict) with the reason."""
    dispute = _open(dispute_id)
    evaluation = get_evaluation(dispute.evaluation_id)
    analysis = _analysis(evaluation)
    current = targets.read(analysis.operative_view, dispute.target)
    value = data["value"] if "value" in data else targets.flipped(dispute.target, current)
    _apply(evaluation, analysis, dispute.target, value, data["reason"], dispute)
    return _resolve(dispute, "accepted", data["reason"])


@transactional
def reject_dispute(dispute_id, data):
    """The reviewer keeps the verdict, and says why."""
    return _resolve(_open(dispute_id), "rejected", data["reason"])
