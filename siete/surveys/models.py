"""Surveys (versioned question lists) and the answers shoppers give with an evaluation."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class Survey(TenantOwned, db.Model):
    """Editing a survey that already has responses creates a new version; old answers keep theirs."""

    __tablename__ = "surveys"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    questions: Mapped[list] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"), index=True)
    is_current: Mapped[bool] = mapped_column(default=True, index=True)


class SurveyResponse(TenantOwned, db.Model):
    __tablename__ = "survey_responses"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    answers: Mapped[dict] = mapped_column(default=dict)
