"""Generated evaluations with analyses spread over campaigns, zones, shoppers and days."""
import random
from datetime import datetime, timedelta, timezone

import pytest

from siete.core import tenancy
from siete.dashboard import rollups
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CompanyFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    UserFactory,
    ZoneFactory,
)

CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")
DAY0 = datetime(2026, 10, 1, 12, tzinfo=timezone.utc)


def operative_view(rng):
    return {
        "IOC": {"score": rng.randint(0, 100), "justificacion": "x"},
        "IRD": {"score": rng.randint(0, 100), "justificacion": "x"},
        "CES": {"score": rng.randint(0, 100), "justificacion": "x"},
        "NPS_inferido": rng.randint(0, 10),
        "calidad_basica": {c: rng.random() < 0.6 for c in CHECKS},
        "verbatims": {"positivos": [], "negativos": [], "criticos": ["Me voy a la competencia"] * rng.choice([0, 0, 1, 2])},
        "acciones_sugeridas": [],
    }


def make_company(db_session, rng, n=40, days=20):
    company = CompanyFactory()
    campaigns = [CampaignFactory(company=company) for _ in range(2)]
    zones = [ZoneFactory(company=company) for _ in range(3)]
    shoppers = [UserFactory(company=company) for _ in range(4)]
    manager = UserFactory(manager=True, company=company)
    CampaignUserFactory(company=company, campaign=campaigns[0], user=manager)
    evaluations = []
    for _ in range(n):
        status = rng.choice(["completed", "completed", "completed", "failed", "pending", "analyzing"])
        evaluation = EvaluationFactory(company=company, campaign=rng.choice(campaigns), zone=rng.choice(zones),
                                       user=rng.choice(shoppers), status=status)
        evaluation.created_at = DAY0 + timedelta(days=rng.randrange(days), hours=rng.randrange(10))
        evaluation.updated_at = evaluation.created_at  # history: only later changes count as "touched"
        if status == "completed":
            view = operative_view(rng)
            EvaluationAnalysisFactory(company=company, evaluation=evaluation, operative_view=view,
                                      critical_count=len(view["verbatims"]["criticos"]))
        evaluations.append(evaluation)
    db_session.commit()
    return {"company": company, "campaigns": campaigns, "zones": zones, "shoppers": shoppers, "manager": manager,
            "evaluations": evaluations}


@pytest.fixture
def generated(db_session, app):
    rng = random.Random(7)
    worlds = [make_company(db_session, rng), make_company(db_session, rng, n=25)]
    with tenancy.system_scope():
        rollups.rebuild()
    return worlds
