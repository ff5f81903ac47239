"""Payments a company makes for its subscription."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class Payment(TenantOwned, db.Model):
    __tablename__ = "payments"

    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    period_start: Mapped[date]
    period_end: Mapped[date] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str | None] = mapped_column(String(100))
    paid_at: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # pending: submitted by the company (proof of transfer); confirmed: moves paid_until; rejected: never applied.
    status: Mapped[str] = mapped_column(String(20), default="confirmed", server_default="confirmed", index=True)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(String(500))
