"""Evaluations: one shopper video for a campaign and zone, and where its processing stands."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db

STATUSES = ("pending", "analyzing", "in_review", "completed", "failed")


class Evaluation(TenantOwned, db.Model):
    __tablename__ = "evaluations"
    __table_args__ = (
        Index("ix_evaluations_company_id_created_at", "company_id", "created_at"),
        Index("ix_evaluations_company_id_user_id_created_at", "company_id", "user_id", "created_at"),  # shopper's list
        Index("ix_evaluations_campaign_id_zone_id", "campaign_id", "zone_id"),
        Index("ix_evaluations_updated_at", "updated_at"),  # rollups refresh only what changed
        Index("ix_evaluations_company_id_status", "company_id", "status"),
    )

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    comments: Mapped[str | None] = mapped_column(Text)
    media_key: Mapped[str | None] = mapped_column(String(500))
    media_filename: Mapped[str | None] = mapped_column(String(255))
    media_content_type: Mapped[str | None] = mapped_column(String(100))
    media_size: Mapped[int | None]
    stream_uid: Mapped[str | None] = mapped_column(String(64), unique=True)
    audio_key: Mapped[str | None] = mapped_column(String(500))
    duration_seconds: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    stage: Mapped[str] = mapped_column(String(20), default="uploaded")
    progress: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(50), index=True)
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(255))  # "node pid" of the worker process on the current stage
    stage_started_at: Mapped[datetime | None]  # when a task last entered the current stage
    stage_starts: Mapped[int] = mapped_column(default=0, server_default="0")  # starts of this stage that never ended
    started_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime | None]
    extracted_at: Mapped[datetime | None]
    transcribed_at: Mapped[datetime | None]
    analyzed_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
