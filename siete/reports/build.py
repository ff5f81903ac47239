"""The report job: claim, write the file under the requester's own scope, store it, tell the schedule's recipients."""
import logging
import re
import tempfile
import unicodedata
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from siete.companies.models import Company
from siete.core import tenancy
from siete.core.errors import DomainError
from siete.core.faults import Fault
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.extensions import db
from siete.reports.builders import BUILDERS
from siete.reports.models import Report, ReportSchedule
from siete.users.models import User

log = logging.getLogger(__name__)


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "reporte"


def _claim(report_id):
    claimed = db.session.execute(
        update(Report).where(Report.id == report_id, Report.status.in_(("pending", "running")))
        .values(status="running", progress=5, started_at=utcnow(), error_code=None, error_message=None)
        .returning(Report.id).execution_options(synchronize_session=False)).first()
    db.session.commit()
    return claimed is not None


class _Progress:
    """Progress committed as the file grows (the export reads in short batches, so no cursor spans a commit)."""

    def __init__(self, report_id):
        self.report_id, self.last = report_id, 5

    def __call__(self, percent):
        percent = max(0, min(99, int(percent)))
        if percent >= self.last + 5:
            self.last = percent
            db.session.execute(update(Report).where(Report.id == self.report_id).values(progress=percent)
                               .execution_options(synchronize_session=False))
            db.session.commit()


def _requester_scope(report, user):
    """The requester's own view of the company (a superadmin reads it as its admin would)."""
    role = Role.ADMIN if user.role == Role.SUPERADMIN else Role(user.role)
    return tenancy.Scope(company_id=report.company_id, user_id=user.id, role=role, reviewer=user.is_reviewer)


def build(report_id):
    with tenancy.system_scope():
        report = db.session.scalars(select(Report).where(Report.id == report_id)).first()
        user = db.session.scalars(select(User).where(User.id == report.requested_by_id)).first() if report else None
        company = db.session.get(Company, report.company_id) if report else None
        db.session.commit()
    if report is None or report.status in ("completed", "failed"):
        return
    if user is None:  # the requester (or the schedule's owner) was deleted: nobody's view to build it under
        with tenancy.system_scope():
            _fail(report_id, "requester_gone", "The user who asked for this report no longer exists")
        return
    with tenancy.enter(_requester_scope(report, user)):
        if not _claim(report_id):
            return
        builder = BUILDERS[report.kind]
        name = f"{builder.stem}-{_slug(company.name)}-{report.id}.{builder.extension}"
        try:
            with tempfile.TemporaryDirectory(prefix="siete-report-") as folder:
                path = Path(folder) / name
                rows = builder.write(path, report.filters or {}, company.name, _Progress(report_id))
                db.session.commit()  # ends the read transaction of the export before the slow upload
                key = f"reports/{report.company_id}/{report.id}/{name}"
                from siete.core.storage import get_storage

                with open(path, "rb") as stream:
                    size = get_storage().save(key, stream, builder.content_type)
        except (DomainError, Fault) as exc:
            db.session.rollback()
            _fail(report_id, getattr(exc, "code", "invalid_report"), getattr(exc, "message", str(exc)))
            return
        report = db.session.get(Report, report_id, populate_existing=True)
        report.status, report.progress, report.finished_at = "completed", 100, utcnow()
        report.storage_key, report.filename, report.content_type = key, name, builder.content_type
        report.size_bytes, report.rows = size, rows
        if report.schedule_id:
            _tell_recipients(report)
        db.session.commit()
        log.info("report %s (%s) built: %s rows, %s bytes", report_id, report.kind, rows, size)


def _fail(report_id, code, message):
    db.session.execute(update(Report).where(Report.id == report_id)
                       .values(status="failed", error_code=code[:50], error_message=message[:2000],
                               finished_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()


def fail_unexpected(report_id, exc):
    """The last attempt of a task that kept crashing: the report says so instead of spinning forever."""
    with tenancy.system_scope():
        _fail(report_id, "internal_error", f"The report could not be built: {type(exc).__name__}")


def _tell_recipients(report):
    """In-app notification (and so e-mail, per preferences) with a link that lasts as long as a mail needs."""
    from siete.notifications.service import notify
    from siete.reports.links import download_link

    schedule = db.session.get(ReportSchedule, report.schedule_id)
    url, expires = download_link(report, current_app.config["REPORT_EMAIL_LINK_EXPIRES"], absolute=True)
    notify(schedule.recipient_ids, event="report.ready", title=f"Reporte listo: {schedule.name}",
           message=f"El reporte del periodo {report.period} ya está disponible.", company_id=report.company_id,
           data={"report_id": report.id, "link": url, "link_label": "Descargar el reporte",
                 "link_expires": expires.strftime("%d/%m/%Y")})
