"""Outbound delivery: per-user and per-company channel preferences, and one row per (notification, channel, user)."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db

CHANNELS = ("email", "sms")
STATUSES = ("queued", "sending", "retrying", "sent", "bounced", "failed")
FINAL_STATUSES = ("sent", "bounced", "failed")


class DeliveryPreference(TenantOwned, db.Model):
    """Which channels carry one event to one user; a row without user is the company's default for the event."""

    __tablename__ = "delivery_preferences"
    __table_args__ = (
        Index("uq_delivery_preferences_user_event", "user_id", "event", unique=True,
              postgresql_where=text("deleted_at IS NULL AND user_id IS NOT NULL"),
              sqlite_where=text("deleted_at IS NULL AND user_id IS NOT NULL")),
        Index("uq_delivery_preferences_company_event", "company_id", "event", unique=True,
              postgresql_where=text("deleted_at IS NULL AND user_id IS NULL"),
              sqlite_where=text("deleted_at IS NULL AND user_id IS NULL")),
    )

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    event: Mapped[str] = mapped_column(String(50))
    email: Mapped[bool] = mapped_column(Boolean)
    sms: Mapped[bool] = mapped_column(Boolean)


class Delivery(TenantOwned, db.Model):
    """One message of one notification on one channel to one user, with what the provider answered."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("notification_id", "channel", "user_id"),)

    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    event: Mapped[str] = mapped_column(String(50), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    task_id: Mapped[str | None] = mapped_column(String(64))  # the Celery task holding the send (kept on redelivery)
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(255))
    provider_code: Mapped[str | None] = mapped_column(String(40))
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_message: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
