"""A company's transcription vocabulary, and the one a given evaluation's recording is transcribed with."""
from sqlalchemy import select

from siete.ai.vocabulary import Vocabulary
from siete.audit import service as audit
from siete.campaigns.models import Campaign
from siete.companies.models import Company
from siete.core import tenancy
from siete.core.service import transactional
from siete.extensions import db
from siete.vocabulary.models import CompanyVocabulary
from siete.zones.models import Zone


def _row(company_id):
    return db.session.scalars(select(CompanyVocabulary).where(CompanyVocabulary.company_id == company_id)).first()


def _view(company, row):
    terms = list(row.terms) if row else []
    return {"company_id": company.id, "terms": terms, "updated_at": row.updated_at if row else None,
            "prompt": Vocabulary.of([company.name], terms).prompt()}


def get_vocabulary(company_id):
    company = tenancy.get_or_404(Company, company_id)
    return _view(company, _row(company.id))


@transactional
def update_vocabulary(company_id, data):
    """Replace the company's list (an empty list clears it); audited with the list before and after."""
    company = tenancy.get_or_404(Company, company_id)
    row = _row(company.id)
    before = list(row.terms) if row else []
    if row is None:
        row = CompanyVocabulary(company_id=company.id, terms=[])
        db.session.add(row)
    row.terms = list(data["terms"])
    db.session.flush()
    audit.record("company.vocabulary_updated", row, before={"terms": before}, after={"terms": row.terms})
    return _view(company, row)


def vocabulary_for(evaluation) -> Vocabulary:
    """The names the evaluation's recording may contain: its company, campaign and branch (zone) with its city
    from the platform's rows, and the company's own terms."""
    company = db.session.get(Company, evaluation.company_id)
    campaign = db.session.get(Campaign, evaluation.campaign_id) if evaluation.campaign_id else None
    zone = db.session.get(Zone, evaluation.zone_id) if evaluation.zone_id else None
    row = _row(evaluation.company_id)
    return Vocabulary.for_visit(company.name if company else None, campaign.name if campaign else None,
                                zone.name if zone else None, row.terms if row else [], zone.city if zone else None)
