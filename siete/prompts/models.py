"""Analysis prompts per company, versioned; company_id NULL is the global default."""
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class Prompt(TenantOwned, db.Model):
    __tablename__ = "prompts"
    __table_args__ = (UniqueConstraint("company_id", "name", "version"),)

    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="analysis")
    version: Mapped[int] = mapped_column(default=1)
    content: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class ActivationCheck(TenantOwned, db.Model):
    """A golden-set run before a prompt or scorecard version goes live: the AI's agreement with the company's
    reviewers as things stand and with the candidate, and whether it was activated or refused (and why)."""

    __tablename__ = "activation_checks"
    __table_args__ = (Index("ix_activation_checks_kind_version_id", "kind", "version_id"),)

    kind: Mapped[str] = mapped_column(String(20))  # prompt | scorecard (prompts/gate.py KINDS)
    version_id: Mapped[int]  # the prompts or scorecards row
    status: Mapped[str] = mapped_column(String(20), default="running")  # running, activated, refused, failed
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    before_agreement: Mapped[float | None]
    after_agreement: Mapped[float | None]
    margin: Mapped[float]
    message: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
