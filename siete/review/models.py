"""A reviewer's verdict beside the AI's (overrides) and a client's objection to a published verdict (disputes)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from siete.core.models import TenantOwned
from siete.extensions import db

DISPUTE_STATUSES = ("open", "accepted", "rejected")


class AnalysisOverride(TenantOwned, db.Model):
    """One target of one analysis (`check:saludo`, `criterion:<key>`, `kpi:IRD`) as a human set it; `ai_value` is
    what the analyzer said, kept however often the target is overridden again."""

    __tablename__ = "analysis_overrides"
    __table_args__ = (
        Index("uq_analysis_overrides_analysis_id_target", "analysis_id", "target", unique=True,
              postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
    )

    analysis_id: Mapped[int] = mapped_column(ForeignKey("evaluation_analysis.id"))
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    target: Mapped[str] = mapped_column(String(80))
    ai_value: Mapped[dict | None]  # {"value": ...}: JSON columns keep booleans and numbers apart
    human_value: Mapped[dict | None]
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("disputes.id", use_alter=True))

    user = relationship("User", lazy="joined", viewonly=True)


class Dispute(TenantOwned, db.Model):
    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_company_id_status", "company_id", "status"),
        Index("uq_disputes_open_target", "analysis_id", "target", unique=True,
              postgresql_where=text("status = 'open' AND deleted_at IS NULL"),
              sqlite_where=text("status = 'open' AND deleted_at IS NULL")),
    )

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("evaluation_analysis.id"))
    target: Mapped[str] = mapped_column(String(80))
    comment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    raised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
