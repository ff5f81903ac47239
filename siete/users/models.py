"""Users of every role; superadmins belong to no company."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String, false, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from siete.core.models import TenantOwned, utcnow
from siete.core.roles import Role
from siete.extensions import db

GENDERS = ("male", "female", "other")
CIVIL_STATUSES = ("soltero", "casado", "divorciado", "viudo", "separado")
SOCIOECONOMIC_LEVELS = ("bajo", "medio", "alto")


class User(TenantOwned, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # One confirmed live account per address; unconfirmed or dormant copies never log in (users/service.py).
        Index("uq_users_email_live", "email", unique=True,
              postgresql_where=text("deleted_at IS NULL AND email_confirmed_at IS NOT NULL"),
              sqlite_where=text("deleted_at IS NULL AND email_confirmed_at IS NOT NULL")),
    )

    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    role: Mapped[int] = mapped_column(SmallInteger, default=int(Role.SHOPPER), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))  # stored lower-case
    hashed_password: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(10))
    birthdate: Mapped[date | None]
    civil_status: Mapped[str | None] = mapped_column(String(20))
    socioeconomic: Mapped[str | None] = mapped_column(String(10))
    inclusivity: Mapped[str | None] = mapped_column(String(100))
    # Bumped by a password or role change: tokens carry the version they were issued under (claim `ver`).
    token_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Self-registered shoppers log in once they confirm (None); everyone else is vouched for by whoever created them.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(default=utcnow, server_default=func.now())

    # Granted by a superadmin: may review, override and publish analyses of the user's own company.
    is_reviewer: Mapped[bool] = mapped_column(default=False, server_default=false())

    company = relationship("Company", lazy="joined", innerjoin=False)

    @property
    def company_suspended(self):
        return self.company is not None and self.company.is_suspended

    def end_sessions(self):
        """Every token issued so far stops working: tokens carry the version they were issued under."""
        self.token_version = (self.token_version or 0) + 1

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"
