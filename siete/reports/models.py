"""Report jobs (kind + the dashboard's filters → one stored file) and the schedules that request them."""
from datetime import datetime

from sqlalchemy import ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db

KINDS = ("evaluation_pdf", "campaign_pdf", "evaluations_xlsx", "evaluations_csv", "survey_xlsx", "survey_csv")
STATUSES = ("pending", "running", "completed", "failed")
FREQUENCIES = ("weekly", "monthly")


class Report(TenantOwned, db.Model):
    """Built under the requester's own scope, so a manager's report holds only what that manager may read."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("schedule_id", "period"),)  # a schedule produces one report per period

    kind: Mapped[str] = mapped_column(String(30))
    filters: Mapped[dict] = mapped_column(default=dict)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_message: Mapped[str | None] = mapped_column(Text)
    storage_key: Mapped[str | None] = mapped_column(String(500))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None]
    rows: Mapped[int | None]
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("report_schedules.id"), index=True)
    period: Mapped[str | None] = mapped_column(String(20))  # e.g. 2026-W48 or 2026-11, for scheduled reports
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ReportSchedule(TenantOwned, db.Model):
    """A campaign or company report every week or month, mailed to chosen users of the company."""

    __tablename__ = "report_schedules"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    filters: Mapped[dict] = mapped_column(default=dict)  # campaign_id / zone_id; the period sets the dates
    frequency: Mapped[str] = mapped_column(String(10))
    recipient_ids: Mapped[list] = mapped_column(default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    last_period: Mapped[str | None] = mapped_column(String(20))
