"""Thin report tasks: build one report (reports queue), and beat's enqueueing of scheduled reports."""
from celery import shared_task
from sqlalchemy.exc import OperationalError

from siete.reports import schedules

BUILD_SOFT_LIMIT, BUILD_HARD_LIMIT = 1800, 1860


@shared_task(name="siete.reports.build", bind=True, acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=BUILD_SOFT_LIMIT, time_limit=BUILD_HARD_LIMIT, max_retries=3)
def build_report(self, report_id):
    """Idempotent: a completed or failed report is left alone; a redelivered one is built again from scratch."""
    from siete.reports import build  # ReportLab and matplotlib load in the reports worker, not in every process

    try:
        build.build(report_id)
    except (OperationalError, OSError) as exc:  # database or storage hiccup: worth another try
        if self.request.retries >= self.max_retries:
            build.fail_unexpected(report_id, exc)
            raise
        raise self.retry(exc=exc, countdown=10 * 2 ** self.request.retries)
    except Exception as exc:
        build.fail_unexpected(report_id, exc)  # a bug: the report says it failed instead of spinning
        raise


@shared_task(name="siete.reports.enqueue_scheduled")
def enqueue_scheduled_reports():
    return schedules.enqueue_due()
