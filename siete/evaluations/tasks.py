"""The video pipeline as a Celery chain of thin, idempotent tasks that take only an evaluation id."""
import logging
import os
import random
import time

from billiard.process import current_process
from celery import chain, shared_task
from celery.exceptions import Ignore, SoftTimeLimitExceeded
from flask import current_app
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from siete.core import observability, tenancy
from siete.core.faults import Fault
from siete.core.metrics import STAGE_DURATION
from siete.evaluations import lifecycle, pipeline
from siete.evaluations.models import Evaluation
from siete.extensions import db

log = logging.getLogger(__name__)
WORKER_KILLED = "worker_killed"
UNEXPECTED = ("internal_error", "An unexpected error stopped the analysis. Our team has been alerted; "
              "an admin can reprocess the evaluation.")


def _is_transient(exc):
    return isinstance(exc, OperationalError) or getattr(exc, "transient", False) is True


def _retry_or_fail(task, evaluation, stage, exc):
    config = current_app.config
    if task.request.retries >= config["PIPELINE_MAX_RETRIES"]:
        code = getattr(exc, "code", "service_unavailable")
        lifecycle.fail(evaluation, code, f"{getattr(exc, 'message', str(exc))} (gave up {stage} after "
                                f"{task.request.retries + 1} attempts)")
        raise Ignore()
    ceiling = min(config["PIPELINE_RETRY_BACKOFF_MAX"],
                  config["PIPELINE_RETRY_BACKOFF_BASE"] * 2 ** task.request.retries)
    countdown = random.uniform(ceiling / 2, ceiling)  # exponential backoff with jitter
    lifecycle.leave_stage(evaluation.id)  # retrying is not being killed
    log.info("evaluation %s: %s is retried in %.1fs (%s)", evaluation.id, stage, countdown, exc)
    raise task.retry(exc=exc, countdown=countdown)


def run_step(task, evaluation_id, step):
    """Load the evaluation in its tenant, move it to the step's stage, run it, and turn faults into a status."""
    token = observability.evaluation_id.set(evaluation_id)
    try:
        _run_step(task, evaluation_id, step)
    finally:
        observability.evaluation_id.reset(token)


def _run_step(task, evaluation_id, step):
    stage = step.stage
    with tenancy.system_scope():
        company_id = db.session.scalar(select(Evaluation.company_id).where(Evaluation.id == evaluation_id))
    if company_id is None:
        raise Ignore()  # deleted meanwhile: nothing to do
    with tenancy.tenant_scope(company_id):
        evaluation = db.session.scalars(select(Evaluation).where(Evaluation.id == evaluation_id)).one()
        if evaluation.status in ("completed", "in_review"):
            return
        if evaluation.status == "failed":
            raise Ignore()
        starts = lifecycle.enter_stage(evaluation_id, stage, step.progress, worker_identity(task))
        if not starts:
            raise Ignore()
        kills = starts - 1  # earlier starts of this stage that never ended: their process was killed (OOM, crash)
        if kills >= current_app.config["PIPELINE_MAX_STAGE_KILLS"]:
            lifecycle.fail(evaluation, WORKER_KILLED, f"The {stage} step's process was killed {kills} times "
                                                      "(out of memory?); it is not tried again")
            raise Ignore()
        started = time.perf_counter()
        try:
            step.run(evaluation)
            STAGE_DURATION.labels(stage).observe(time.perf_counter() - started)
            log.info("%s done in %.2fs", stage, time.perf_counter() - started)
        except SoftTimeLimitExceeded:
            db.session.rollback()
            lifecycle.fail(evaluation, "step_timeout", f"The {stage} step took longer than its time limit")
            raise Ignore() from None
        except Exception as exc:
            db.session.rollback()
            if isinstance(exc, Fault) and not exc.transient:
                lifecycle.fail(evaluation, exc.code, exc.message)
                raise Ignore() from None
            if not _is_transient(exc):
                lifecycle.fail(evaluation, *UNEXPECTED)
                raise
            _retry_or_fail(task, evaluation, stage, exc)
    if step is pipeline.STEPS[-1]:
        with tenancy.tenant_scope(company_id):
            lifecycle.complete(evaluation_id, review_required=pipeline.review_required(company_id))


def worker_identity(task):
    """"node pid" of the worker's main process (a prefork child reports its parent): a restarted worker keeps its
    node name but not its pid, which is how the reaper knows the old one died with the stage unfinished."""
    hostname = getattr(getattr(task, "request", None), "hostname", None)
    if not hostname:
        return None  # run outside a worker (eager, tests, the benchmark's sequential baseline)
    main_pid = os.getpid() if current_process().name == "MainProcess" else os.getppid()
    return f"{hostname} {main_pid}"


def _make_task(step):
    @shared_task(bind=True, name=pipeline.TASK_PREFIX + step.name, acks_late=True, reject_on_worker_lost=True)
    def task(self, evaluation_id):
        run_step(self, evaluation_id, step)

    task.__doc__ = f"Pipeline step {step.name} for one evaluation (idempotent)."
    return task


TASKS = tuple(_make_task(step) for step in pipeline.STEPS)


SUBMIT_PUBLISH_RETRY = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def start_pipeline(evaluation_id, *, force=False):
    """Enqueue the chain once per evaluation (`force` re-runs it); call only after the evaluation is committed.
    Publishing gives up within a second (SUBMIT_PUBLISH_RETRY): an API request must not hang on a dead broker,
    and the reaper starts what could not be queued."""
    with tenancy.system_scope():
        company_id = db.session.scalar(select(Evaluation.company_id).where(Evaluation.id == evaluation_id))
        db.session.commit()
    if company_id is None:
        return False
    with tenancy.tenant_scope(company_id):  # the write is then known to be this tenant's (core.count_cache)
        if not lifecycle.claim(evaluation_id, force=force):
            return False
    try:
        chain(*(t.si(evaluation_id) for t in TASKS)).apply_async(
            retry_policy=SUBMIT_PUBLISH_RETRY)
    except KombuOperationalError:
        log.exception("broker unreachable: evaluation %s stays pending until it is started again", evaluation_id)
        with tenancy.tenant_scope(company_id):
            lifecycle.release(evaluation_id)
        return False
    return True


@shared_task(name="siete.evaluations.reap_stuck_evaluations")
def reap_stuck_evaluations():
    """Beat job: restart what stopped moving, fail what stopped too often (evaluations/reaper.py)."""
    from siete.evaluations.reaper import reap

    with tenancy.system_scope():
        return reap()
