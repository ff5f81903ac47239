"""Daily rollups per company, campaign and zone that keep dashboards fast."""
from datetime import date

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db

KPI_COLUMNS = ("ioc", "ird", "ces", "nps")
QUALITY_CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")


class EvaluationRollup(TenantOwned, db.Model):
    __tablename__ = "evaluation_rollups"
    __table_args__ = (UniqueConstraint("company_id", "campaign_id", "zone_id", "day"),)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    submitted: Mapped[int] = mapped_column(default=0)
    completed: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    ioc_sum: Mapped[float] = mapped_column(default=0)
    ioc_count: Mapped[int] = mapped_column(default=0)
    ird_sum: Mapped[float] = mapped_column(default=0)
    ird_count: Mapped[int] = mapped_column(default=0)
    ces_sum: Mapped[float] = mapped_column(default=0)
    ces_count: Mapped[int] = mapped_column(default=0)
    nps_sum: Mapped[float] = mapped_column(default=0)
    nps_count: Mapped[int] = mapped_column(default=0)
    saludo_yes: Mapped[int] = mapped_column(default=0)
    identificacion_yes: Mapped[int] = mapped_column(default=0)
    oferta_yes: Mapped[int] = mapped_column(default=0)
    cierre_yes: Mapped[int] = mapped_column(default=0)
    valor_agregado_yes: Mapped[int] = mapped_column(default=0)
    quality_count: Mapped[int] = mapped_column(default=0)
    critical_verbatims: Mapped[int] = mapped_column(default=0)


class ShopperRollup(TenantOwned, db.Model):
    """Evaluations per shopper, campaign and month: the leaderboard without scanning raw evaluations."""

    __tablename__ = "shopper_rollups"
    __table_args__ = (UniqueConstraint("company_id", "campaign_id", "user_id", "month"),)

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    month: Mapped[date] = mapped_column(index=True)
    submitted: Mapped[int] = mapped_column(default=0)
    completed: Mapped[int] = mapped_column(default=0)
