"""Appendix A of the product spec as a table: every row × every role gets the expected allow/deny."""
import io
from pathlib import Path

import pytest

from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    CompanyFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    UserFactory,
    UserZoneFactory,
    ZoneFactory,
    auth_headers,
)

VIDEO = Path(__file__).resolve().parents[1] / "fixtures" / "media" / "good_service.mp4"
ROLES = ("superadmin", "admin", "manager", "shopper")


@pytest.fixture
def world(db_session):
    company = CompanyFactory()
    users = {
        "superadmin": UserFactory(superadmin=True),
        "admin": UserFactory(admin=True, company=company),
        "manager": UserFactory(manager=True, company=company),
        "shopper": UserFactory(company=company),
    }
    colleague = UserFactory(company=company)
    campaign, zone = CampaignFactory(company=company), ZoneFactory(company=company)
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    for role in ("manager", "shopper"):
        CampaignUserFactory(company=company, campaign=campaign, user=users[role])
    UserZoneFactory(company=company, user=users["shopper"], zone=zone)
    own = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=users["shopper"])
    colleagues = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=colleague)
    EvaluationAnalysisFactory(company=company, evaluation=own)
    return {"company": company, "users": users, "campaign": campaign, "zone": zone, "own": own,
            "colleagues": colleagues}


def view_all_companies(client, w, headers):
    return client.get("/api/v1/companies", headers=headers).status_code == 200


def manage_own_company(client, w, headers):
    return client.put(f"/api/v1/companies/{w['company'].id}", headers=headers, json={"phone": "809"}).status_code == 200


def create_campaigns(client, w, headers):
    body = {"name": "Nueva", "start_date": "2026-01-01", "end_date": "2026-12-31", "company_id": w["company"].id}
    return client.post("/api/v1/campaigns", headers=headers, json=body).status_code == 201


def view_assigned_campaigns(client, w, headers):
    return client.get(f"/api/v1/campaigns/{w['campaign'].id}", headers=headers).status_code == 200


def submit_evaluations(client, w, headers):
    data = {"campaign_id": str(w["campaign"].id), "zone_id": str(w["zone"].id),
            "video": (io.BytesIO(VIDEO.read_bytes()), "v.mp4", "video/mp4")}
    return client.post("/api/v1/evaluations", headers=headers, data=data,
                       content_type="multipart/form-data").status_code == 202


def view_all_evaluations(client, w, headers):
    listed = {e["id"] for e in client.get("/api/v1/evaluations", headers=headers).get_json() or []}
    return w["colleagues"].id in listed


def view_own_evaluations(client, w, headers):
    return client.get(f"/api/v1/evaluations/{w['own'].id}", headers=headers).status_code == 200


def manage_users(client, w, headers):
    body = {"first_name": "N", "last_name": "U", "email": "new-user@example.test", "password": "password-123",
            "company_id": w["company"].id}
    return client.post("/api/v1/users", headers=headers, json=body).status_code == 201


def view_dashboard(client, w, headers):
    return client.get("/api/v1/dashboard", headers=headers).status_code == 200


def access_ai_analysis(client, w, headers):
    return client.get(f"/api/v1/evaluation-analysis/{w['own'].id}", headers=headers).status_code == 200


def manage_payments(client, w, headers):
    body = {"amount": "99.00", "period_start": "2026-01-01", "period_end": "2026-01-31", "method": "card",
            "company_id": w["company"].id}
    return client.post("/api/v1/payments", headers=headers, json=body).status_code == 201


# Feature → allowed for (superadmin, admin, manager, shopper), exactly as Appendix A.
APPENDIX_A = [
    (view_all_companies, (True, False, False, False)),
    (manage_own_company, (True, True, False, False)),
    (create_campaigns, (True, True, False, False)),
    (view_assigned_campaigns, (True, True, True, True)),
    (submit_evaluations, (False, False, False, True)),
    (view_all_evaluations, (True, True, True, False)),
    (view_own_evaluations, (True, True, True, True)),
    (manage_users, (True, True, False, False)),
    (view_dashboard, (True, True, True, True)),
    (access_ai_analysis, (True, True, True, False)),
    (manage_payments, (True, True, False, False)),
]


@pytest.mark.parametrize(
    "feature,role,allowed",
    [pytest.param(f, role, row[i], id=f"{f.__name__}-{role}") for f, row in APPENDIX_A for i, role in enumerate(ROLES)],
)
def test_appendix_a(client, world, feature, role, allowed):
    assert feature(client, world, auth_headers(world["users"][role])) is allowed
