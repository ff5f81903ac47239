"""The only writer of an evaluation's status, stage, progress and error: each move is one conditional UPDATE."""
import logging

from sqlalchemy import case, update

from siete.core.metrics import PIPELINE_COMPLETED, PIPELINE_FAILURES
from siete.core.models import utcnow
from siete.evaluations.models import Evaluation
from siete.extensions import db

log = logging.getLogger(__name__)
ACTIVE = ("pending", "analyzing")


def _move(evaluation_id, *conditions, commit=True, **values):
    """One guarded UPDATE; returns whether the row moved (of concurrent moves, one wins)."""
    result = db.session.execute(
        update(Evaluation).where(Evaluation.id == evaluation_id, *conditions)
        .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    if commit:
        db.session.commit()
    return result.rowcount == 1


def claim(evaluation_id, *, force=False):
    """Mark the chain as started (once, unless `force`), counting the attempt; returns whether this call did."""
    conditions = () if force else (Evaluation.started_at.is_(None),)
    return _move(evaluation_id, *conditions, started_at=utcnow(), attempts=Evaluation.attempts + 1, worker=None)


def release(evaluation_id):
    """Undo a claim whose chain could not be queued, so the reaper or a retry starts it again."""
    return _move(evaluation_id, started_at=None)


def enter_stage(evaluation_id, stage, progress, worker=None):
    """Only a pending or analyzing evaluation moves on; returns how many starts of this stage have not ended,
    this one included (0: it did not move). `worker` ("node pid") lets the reaper tell the process died."""
    starts = case((Evaluation.stage == stage, Evaluation.stage_starts + 1), else_=1)
    result = db.session.execute(
        update(Evaluation).where(Evaluation.id == evaluation_id, Evaluation.status.in_(ACTIVE))
        .values(status="analyzing", stage=stage, progress=progress, error_code=None, error_message=None,
                worker=worker, stage_started_at=utcnow(), stage_starts=starts, updated_at=utcnow())
        .returning(Evaluation.stage_starts).execution_options(synchronize_session=False))
    count = result.scalar()
    db.session.commit()
    return count or 0


def leave_stage(evaluation_id):
    """The stage's task ended on its own (done, failed, or retrying later): it was not killed."""
    return _move(evaluation_id, stage_starts=0)


def complete(evaluation_id, *, review_required=False):
    """The last step ran: done, 100 %; completed and published at once, or in_review until a reviewer publishes."""
    now = utcnow()
    done = _move(evaluation_id, Evaluation.status == "analyzing", commit=False,
                 status="in_review" if review_required else "completed", stage="done", progress=100,
                 completed_at=now, notified_at=now)
    if done and not review_required:
        _publish_analysis(evaluation_id, None)
    db.session.commit()
    if done:
        PIPELINE_COMPLETED.inc()
    return done


def publish(evaluation_id, reviewer_id):
    """A reviewer released an analysis in review to the client: completed; returns whether this call did."""
    done = _move(evaluation_id, Evaluation.status == "in_review", commit=False, status="completed")
    if done:
        _publish_analysis(evaluation_id, reviewer_id)
    return done


def touch(evaluation_id):
    """A reviewer changed a published analysis: the dashboard rollups recompute what changed since their last run."""
    return _move(evaluation_id, commit=False)


def _publish_analysis(evaluation_id, reviewer_id):
    from siete.analysis.models import EvaluationAnalysis

    db.session.execute(
        update(EvaluationAnalysis).where(EvaluationAnalysis.evaluation_id == evaluation_id)
        .values(published_at=utcnow(), published_by=reviewer_id, updated_at=utcnow())
        .execution_options(synchronize_session=False))


def fail(evaluation, code, detail, *, statuses=ACTIVE):
    """Fail an evaluation still in `statuses` and tell the shopper why, in the same transaction (a reader never sees
    the failure without its notice); returns whether this call failed it. The stored and notified text is the
    catalogue's Spanish one for the code; `detail` (a tool's output, file names) goes to the log only."""
    from siete.evaluations.messages import message_for

    evaluation_id, user_id, company_id = evaluation.id, evaluation.user_id, evaluation.company_id
    log.warning("evaluation %s failed: %s (%s)", evaluation_id, code, detail, extra={"error_code": code})
    text = message_for(code, "es")
    failed = _move(evaluation_id, Evaluation.status.in_(statuses), commit=False, status="failed", error_code=code,
                   error_message=text, failed_at=utcnow())
    if failed:
        _notify_failure(evaluation_id, user_id, company_id, code, text)
    db.session.commit()
    if failed:
        PIPELINE_FAILURES.labels(code).inc()
    return failed


def reset_for_reprocess(evaluation_id, *, statuses=("failed", "analyzing", "pending"), commit=True):
    """Back to pending without an error; a completed evaluation is never reset (returns False). A reviewer's
    send-back passes `in_review`."""
    return _move(evaluation_id, Evaluation.status.in_(statuses), commit=commit, status="pending",
                 error_code=None, error_message=None, failed_at=None, stage_starts=0, completed_at=None)


def _notify_failure(evaluation_id, user_id, company_id, code, text):
    """The shopper hears why their evaluation could not be analyzed, and what to do."""
    from siete.notifications.service import notify as send

    send([user_id], event="evaluation.failed", title="No pudimos analizar tu evaluación", message=text,
         evaluation_id=evaluation_id, company_id=company_id, data={"evaluation_id": evaluation_id, "error_code": code})
