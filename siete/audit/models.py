"""The append-only audit log: who did what to which record, with the record before and after."""
from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class AuditEntry(TenantOwned, db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)  # None: platform-wide
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: a system job
    actor_role: Mapped[int | None] = mapped_column(SmallInteger)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None]
    after: Mapped[dict | None]
