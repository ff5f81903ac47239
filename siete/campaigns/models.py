"""Campaigns, their goal, and the users and zones assigned to them."""
from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned, live_unique_index
from siete.extensions import db


class Campaign(TenantOwned, db.Model):
    __tablename__ = "campaigns"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date] = mapped_column(index=True)
    goal: Mapped[int] = mapped_column(default=0)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"), index=True)


class CampaignUser(TenantOwned, db.Model):
    __tablename__ = "campaign_users"
    __table_args__ = (live_unique_index("uq_campaign_users_live", "campaign_id", "user_id"),)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class CampaignZone(TenantOwned, db.Model):
    __tablename__ = "campaign_zones"
    __table_args__ = (live_unique_index("uq_campaign_zones_live", "campaign_id", "zone_id"),)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
