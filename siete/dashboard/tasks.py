"""Beat jobs that keep the dashboard rollups fresh."""
from celery import shared_task
from flask import current_app

from siete.core import tenancy
from siete.dashboard import rollups


@shared_task(name="siete.dashboard.refresh_rollups")
def refresh_rollups():
    """Incremental: recompute only the company-days whose evaluations changed since the last run."""
    with tenancy.system_scope():
        return rollups.refresh(rollups.Watermark(current_app.config))


@shared_task(name="siete.dashboard.rebuild_rollups")
def rebuild_rollups():
    """Nightly full reconcile from the raw tables."""
    with tenancy.system_scope():
        return rollups.rebuild()
