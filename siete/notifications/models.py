"""In-app notifications; one per (evaluation, event, recipient) so a re-run never repeats one."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class Notification(TenantOwned, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("evaluation_id", "event", "user_id"),)

    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"), index=True)
    event: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict | None]
    read_at: Mapped[datetime | None] = mapped_column(index=True)
