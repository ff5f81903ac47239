"""Companies: the tenants, with their subscription state."""
from datetime import date

from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantRoot
from siete.extensions import db

SUBSCRIPTION_STATUSES = ("active", "past_due", "suspended")


class Company(TenantRoot, db.Model):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(200), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    state: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="DO")
    subscription_status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    paid_until: Mapped[date | None]
    invite_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Analyses wait in_review until a reviewer publishes them (set by the platform operator).
    review_required: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def is_suspended(self):
        return self.subscription_status == "suspended"
