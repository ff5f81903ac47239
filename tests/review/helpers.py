"""A reviewed company's rows for the review tests: one analysis in review, one published, one open dispute."""
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    UserFactory,
    ZoneFactory,
)


def operative_view(**checks):
    """A complete operative view; `checks` override the five basic checks (all true by default)."""
    quality = {"saludo": True, "identificacion": True, "oferta": True, "cierre": True, "valor_agregado": True}
    quality.update(checks)
    return {"IOC": {"score": 60, "justificacion": "x"}, "IRD": {"score": 20, "justificacion": "y"},
            "CES": {"score": 30, "justificacion": "z"}, "NPS_inferido": 8, "calidad_basica": quality,
            "verbatims": {"positivos": [], "negativos": [], "criticos": []}, "acciones_sugeridas": []}


def reviewed_tenant(company, marker, staff=()):
    """Campaign, zone and shopper of `company`, with an evaluation in review and one published."""
    from tests.factories import DisputeFactory

    company.review_required = True
    zone = ZoneFactory(company=company, name=f"{marker} zone")
    campaign = CampaignFactory(company=company, name=f"{marker} campaign")
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    shopper = UserFactory(company=company, first_name=marker)
    for user in (*staff, shopper):
        CampaignUserFactory(company=company, campaign=campaign, user=user)
    pending = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=shopper, status="in_review",
                                comments=f"{marker} in review")
    pending_analysis = EvaluationAnalysisFactory(company=company, evaluation=pending, published_at=None,
                                                 operative_view=operative_view(),
                                                 executive_view=f"{marker} unpublished analysis")
    published = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=shopper, status="completed")
    published_analysis = EvaluationAnalysisFactory(company=company, evaluation=published,
                                                   operative_view=operative_view(oferta=False))
    admin = UserFactory(company=company, admin=True, first_name=f"{marker} admin")
    dispute = DisputeFactory(company=company, evaluation_id=published.id, analysis_id=published_analysis.id,
                             raised_by=admin.id, target="check:oferta", comment=f"{marker}: sí ofreció")
    return {"zone": zone, "campaign": campaign, "shopper": shopper, "pending": pending,
            "pending_analysis": pending_analysis, "published": published, "published_analysis": published_analysis,
            "dispute": dispute, "admin": admin}
