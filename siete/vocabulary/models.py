"""A company's own transcription vocabulary (products, brands, staff titles): one live row per company."""
from sqlalchemy.orm import Mapped, mapped_column

from siete.core.models import TenantOwned, live_unique_index
from siete.extensions import db


class CompanyVocabulary(TenantOwned, db.Model):
    __tablename__ = "company_vocabularies"
    __table_args__ = (live_unique_index("uq_company_vocabularies_live", "company_id"),)

    terms: Mapped[list] = mapped_column(default=list)
