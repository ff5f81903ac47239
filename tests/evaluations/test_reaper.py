"""reap_stuck_evaluations restarts evaluations that stopped moving and fails them after too many attempts."""
from datetime import timedelta

from sqlalchemy import select

from siete.core import tenancy
from siete.core.models import utcnow
from siete.evaluations.reaper import reap
from siete.notifications.models import Notification
from tests.factories import EvaluationFactory


def _age(db_session, evaluation, seconds):
    evaluation.updated_at = utcnow() - timedelta(seconds=seconds)
    db_session.commit()


def test_stuck_evaluation_is_restarted_then_failed_with_a_reason(app, db_session):
    stuck = EvaluationFactory(status="analyzing", stage="transcribing", started_at=utcnow(), attempts=1)
    moving = EvaluationFactory(status="analyzing", stage="transcribing", started_at=utcnow(), attempts=1)
    annotations = app.config["CELERY"]["task_annotations"]
    limit = annotations["siete.pipeline.transcribe"]["time_limit"]
    redelivery = app.config["CELERY"]["broker_transport_options"]["visibility_timeout"]
    _age(db_session, stuck, redelivery + 2 * limit + 1)
    _age(db_session, moving, 60)
    with tenancy.system_scope():
        assert reap() == {"restarted": 1, "failed": 0}
        db_session.refresh(stuck)
        assert stuck.attempts == 2 and stuck.status == "analyzing"
        stuck.attempts = app.config["PIPELINE_MAX_ATTEMPTS"]
        _age(db_session, stuck, redelivery + 2 * limit + 1)
        assert reap() == {"restarted": 0, "failed": 1}
        db_session.refresh(stuck)
        assert (stuck.status, stuck.error_code) == ("failed", "stuck")
        assert stuck.error_message.startswith("El análisis se detuvo varias veces")
        events = db_session.scalars(select(Notification.event).where(Notification.evaluation_id == stuck.id)).all()
        assert events == ["evaluation.failed"]


def test_never_queued_upload_is_started(app, db_session):
    forgotten = EvaluationFactory(status="pending", stage="uploaded", started_at=None)
    waiting_for_stream = EvaluationFactory(status="pending", media_key=None, stream_uid="abc123", started_at=None)
    _age(db_session, forgotten, 601)
    _age(db_session, waiting_for_stream, 10_000)
    with tenancy.system_scope():
        assert reap() == {"restarted": 1, "failed": 0}
        db_session.refresh(forgotten)
        assert forgotten.started_at is not None and forgotten.attempts == 1


def test_a_stage_whose_worker_does_not_answer_waits_for_the_visibility_timeout(app, db_session):
    """No worker answers here: silence may mean busy or gone for good, so only the long threshold applies."""
    quiet = EvaluationFactory(status="analyzing", stage="analyzing", started_at=utcnow(), attempts=1,
                              worker="ai@nowhere 4242")
    _age(db_session, quiet, app.config["PIPELINE_DEAD_WORKER_GRACE"] + 120)
    with tenancy.system_scope():
        assert reap() == {"restarted": 0, "failed": 0}
        db_session.refresh(quiet)
        assert (quiet.status, quiet.attempts, quiet.worker) == ("analyzing", 1, "ai@nowhere 4242")
