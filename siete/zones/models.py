"""Geographic zones of a company and the users assigned to them."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned, live_unique_index
from siete.extensions import db


class Zone(TenantOwned, db.Model):
    __tablename__ = "zones"

    name: Mapped[str] = mapped_column(String(150))
    country: Mapped[str] = mapped_column(String(2), index=True)
    state: Mapped[str] = mapped_column(String(100), index=True)
    city: Mapped[str | None] = mapped_column(String(100), index=True)


class UserZone(TenantOwned, db.Model):
    __tablename__ = "user_zones"
    __table_args__ = (
        live_unique_index("uq_user_zones_live", "user_id", "zone_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
