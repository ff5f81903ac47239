"""Analysis prompts per company, versioned; company_id NULL is the global default."""
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
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
