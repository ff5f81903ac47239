"""The AI analysis of one evaluation: transcript, executive narrative and operative KPIs."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from siete.core.models import TenantOwned
from siete.extensions import db


class EvaluationAnalysis(TenantOwned, db.Model):
    __tablename__ = "evaluation_analysis"
    __table_args__ = (
        Index("ix_evaluation_analysis_company_id_critical", "company_id", "created_at",
              postgresql_where=text("critical_count > 0"), sqlite_where=text("critical_count > 0")),
        Index("ix_evaluation_analysis_company_id_contradictions", "company_id", "contradiction_count"),
    )

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), unique=True)
    analysis: Mapped[dict | None]
    executive_view: Mapped[str | None] = mapped_column(Text)
    operative_view: Mapped[dict | None]
    transcript: Mapped[dict | None]
    transcript_text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    provider: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(80))
    transcriber: Mapped[str | None] = mapped_column(String(40))
    prompt_version: Mapped[str | None] = mapped_column(String(40))
    prompt_tokens: Mapped[int | None]
    completion_tokens: Mapped[int | None]
    critical_count: Mapped[int] = mapped_column(default=0, server_default="0")  # critical verbatims, for alerts
    scorecard_version: Mapped[str | None] = mapped_column(String(40))
    scorecard_score: Mapped[float | None]  # 0-100, weighted over the checks and criteria with a verdict
    contradiction_count: Mapped[int] = mapped_column(default=0, server_default="0")  # survey vs recording
    # The client sees an analysis once published: at completion, or by a reviewer when the company requires review.
    published_at: Mapped[datetime | None]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: published without review

    # What reviewers changed, each with the AI's own verdict (siete/review); read only where the analysis is shown.
    adjustments = relationship(
        "AnalysisOverride", viewonly=True, lazy="select", order_by="AnalysisOverride.id",
        primaryjoin="and_(AnalysisOverride.analysis_id == EvaluationAnalysis.id, AnalysisOverride.deleted_at.is_(None))")
