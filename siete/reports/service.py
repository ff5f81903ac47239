"""Report requests, reads and downloads: validated under the caller's scope, built by a task on the reports queue."""
from sqlalchemy import select

from siete.campaigns.models import Campaign
from siete.core import after_commit, tenancy
from siete.core.errors import Conflict, Invalid
from siete.core.service import owning_company_id, transactional
from siete.evaluations.models import Evaluation
from siete.extensions import db
from siete.reports import links
from siete.reports.models import Report
from siete.surveys.models import Survey
from siete.zones.models import Zone

PENDING = "siete_reports_pending"  # Session.info key: report ids to enqueue once committed
FILTERS = ("date_from", "date_to", "campaign_id", "zone_id", "evaluation_id", "survey_id")


def _enqueue(ids):
    from siete.reports.tasks import build_report

    for report_id in ids:
        build_report.delay(report_id)


after_commit.on_commit(PENDING, _enqueue)


def enqueue_after_commit(report_ids):
    after_commit.defer(db.session(), PENDING, report_ids)


def _check_filters(kind, filters, company_id):
    """Every id named must be visible to the caller and belong to the report's company (else 404)."""
    for field, model in (("campaign_id", Campaign), ("zone_id", Zone), ("evaluation_id", Evaluation),
                         ("survey_id", Survey)):
        if filters.get(field) is not None and tenancy.get_or_404(model, filters[field]).company_id != company_id:
            raise tenancy.NotFound(f"{model.__name__} {filters[field]} not found")
    if filters.get("date_from") and filters.get("date_to") and filters["date_from"] > filters["date_to"]:
        raise Invalid({"date_to": ["Must not be before date_from"]})
    if kind == "evaluation_pdf" and filters.get("evaluation_id") is None:
        raise Invalid({"evaluation_id": ["Required for an evaluation report"]})
    if kind.startswith("survey_") and filters.get("survey_id") is None and filters.get("campaign_id") is None:
        raise Invalid({"survey_id": ["Choose a survey, or a campaign whose survey to export"]})


def serializable(filters):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()
            if k in FILTERS and v is not None}


@transactional
def request_report(data):
    scope = tenancy.current_scope()
    company_id = owning_company_id(data.get("company_id"))
    filters = {k: data[k] for k in FILTERS if data.get(k) is not None}
    _check_filters(data["kind"], filters, company_id)
    report = Report(company_id=company_id, kind=data["kind"], filters=serializable(filters),
                    requested_by_id=scope.user_id, status="pending", progress=0)
    db.session.add(report)
    db.session.flush()
    enqueue_after_commit([report.id])
    return with_link(report)


def list_reports(args):
    stmt = select(Report).order_by(Report.created_at.desc(), Report.id.desc())  # row rules: siete/reports/rules.py
    for field in ("kind", "status", "schedule_id"):
        if args.get(field) is not None:
            stmt = stmt.where(getattr(Report, field) == args[field])
    return stmt


def get_report(report_id):
    return with_link(tenancy.get_or_404(Report, report_id))


def with_link(report):
    report.download_url = report.download_expires_at = None
    if report.status == "completed":
        report.download_url, report.download_expires_at = links.download_link(report)
    return report


def open_download(report_id, token):
    """(report, storage url or None) for a valid link; the file itself is streamed by the route."""
    company_id, seconds_left = links.read_token(report_id, token)
    with tenancy.tenant_scope(company_id):
        report = tenancy.get_or_404(Report, report_id)
        if report.status != "completed":
            raise Conflict("The report is not ready")
    from siete.core.storage import get_storage

    storage = get_storage()
    return report, storage, storage.url(report.storage_key, expires=seconds_left)
