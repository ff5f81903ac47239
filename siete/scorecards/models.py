"""A company's scorecard, versioned like prompts: any change is a new row, one version active per company."""
from sqlalchemy import ForeignKey, Index, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned
from siete.extensions import db


class Scorecard(TenantOwned, db.Model):
    __tablename__ = "scorecards"
    __table_args__ = (
        UniqueConstraint("company_id", "version"),
        Index("uq_scorecards_active", "company_id", unique=True,
              postgresql_where=text("is_active AND deleted_at IS NULL"),
              sqlite_where=text("is_active AND deleted_at IS NULL")),
    )

    version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)
    check_weights: Mapped[dict] = mapped_column(default=dict)  # the five basic checks' weights (0: not scored)
    criteria: Mapped[list] = mapped_column(default=list)  # the company's criteria, see schemas.CriterionSchema
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    @property
    def label(self):
        """The version as analyses record it (scorecard_version)."""
        return f"company-{self.company_id}-v{self.version}"
