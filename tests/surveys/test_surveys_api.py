"""Surveys CRUD: roles, tenancy, listing, soft delete."""
import json

import pytest
from sqlalchemy import select

from siete.surveys.models import Survey
from tests.factories import CampaignFactory, CompanyFactory, SurveyFactory, UserFactory, auth_headers
from tests.surveys.conftest import QUESTIONS

pytestmark = pytest.mark.usefixtures("surveys_api")

NEW = {"name": "Visita a sucursal", "description": "Formulario estándar", "questions": QUESTIONS}
ROLES = ("superadmin", "admin", "manager", "shopper")


@pytest.fixture
def actors(superadmin, admin, manager, shopper):
    return {"superadmin": superadmin, "admin": admin, "manager": manager, "shopper": shopper}


def test_admin_creates_survey_in_own_company(client, admin, db_session, system_scope):
    response = client.post("/api/v1/surveys", headers=auth_headers(admin), json=NEW)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["company_id"] == admin.company_id and body["version"] == 1 and body["is_current"] is True
    assert body["previous_version_id"] is None
    assert [q["id"] for q in body["questions"]] == [q["id"] for q in QUESTIONS]
    stored = db_session.scalars(select(Survey).where(Survey.id == body["id"])).one()
    assert stored.questions == body["questions"]


def test_admin_cannot_create_in_another_company(client, admin):
    other = CompanyFactory()
    response = client.post("/api/v1/surveys", headers=auth_headers(admin), json={**NEW, "company_id": other.id})
    assert response.status_code == 422 and "company_id" in response.get_json()["errors"]["json"]


def test_superadmin_must_choose_an_existing_company(client, superadmin, company):
    headers = auth_headers(superadmin)
    assert client.post("/api/v1/surveys", headers=headers, json=NEW).status_code == 422
    assert client.post("/api/v1/surveys", headers=headers, json={**NEW, "company_id": 999999}).status_code == 404
    created = client.post("/api/v1/surveys", headers=headers, json={**NEW, "company_id": company.id})
    assert created.status_code == 201 and created.get_json()["company_id"] == company.id


@pytest.mark.parametrize("role,status", [("superadmin", 201), ("admin", 201), ("manager", 403), ("shopper", 403)])
def test_create_roles(client, actors, company, role, status):
    body = {**NEW, "company_id": company.id} if role == "superadmin" else NEW
    assert client.post("/api/v1/surveys", headers=auth_headers(actors[role]), json=body).status_code == status


@pytest.mark.parametrize(
    "role,own,other",
    [("superadmin", 200, 200), ("admin", 200, 404), ("manager", 200, 404), ("shopper", 404, 404)],
)
def test_get_by_role_and_tenant(client, actors, company, role, own, other):
    mine, theirs = SurveyFactory(company=company), SurveyFactory(name="OTHER-TENANT form")
    headers = auth_headers(actors[role])
    assert client.get(f"/api/v1/surveys/{mine.id}", headers=headers).status_code == own
    response = client.get(f"/api/v1/surveys/{theirs.id}", headers=headers)
    assert response.status_code == other
    if other == 404:
        assert "OTHER-TENANT" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role,own,other",
    [("superadmin", 200, 200), ("admin", 200, 404), ("manager", 403, 403), ("shopper", 403, 403)],
)
def test_update_by_role_and_tenant(client, actors, company, role, own, other):
    mine, theirs = SurveyFactory(company=company), SurveyFactory()
    headers = auth_headers(actors[role])
    response = client.put(f"/api/v1/surveys/{mine.id}", headers=headers, json={"name": "Renombrada"})
    assert response.status_code == own
    if own == 200:
        assert response.get_json()["name"] == "Renombrada" and response.get_json()["id"] == mine.id
    assert client.put(f"/api/v1/surveys/{theirs.id}", headers=headers, json={"name": "x"}).status_code == other


@pytest.mark.parametrize(
    "role,own,other",
    [("superadmin", 204, 204), ("admin", 204, 404), ("manager", 403, 403), ("shopper", 403, 403)],
)
def test_delete_by_role_and_tenant(client, actors, company, role, own, other):
    mine, theirs = SurveyFactory(company=company), SurveyFactory()
    headers = auth_headers(actors[role])
    assert client.delete(f"/api/v1/surveys/{mine.id}", headers=headers).status_code == own
    assert client.delete(f"/api/v1/surveys/{theirs.id}", headers=headers).status_code == other


@pytest.mark.parametrize("role,status", [("superadmin", 200), ("admin", 200), ("manager", 200), ("shopper", 403)])
def test_list_roles_and_tenant_isolation(client, actors, company, role, status):
    SurveyFactory(company=company, name="Propia")
    SurveyFactory(name="OTHER-TENANT form")
    response = client.get("/api/v1/surveys?page_size=100", headers=auth_headers(actors[role]))
    assert response.status_code == status
    if status == 200:
        names = {s["name"] for s in response.get_json()}
        assert "Propia" in names
        assert ("OTHER-TENANT form" in names) == (role == "superadmin")


def test_update_rejects_bad_questions_and_unknown_fields(client, admin, company):
    survey = SurveyFactory(company=company)
    headers = auth_headers(admin)
    bad = client.put(f"/api/v1/surveys/{survey.id}", headers=headers,
                     json={"questions": [{"type": "scale", "text": "¿?", "options": ["a", "b"]}]})
    assert bad.status_code == 422 and "options" in bad.get_json()["errors"]["json"]["questions"]["0"]
    for field in ("company_id", "version", "is_current"):
        response = client.put(f"/api/v1/surveys/{survey.id}", headers=headers, json={field: 1})
        assert response.status_code == 422 and field in response.get_json()["errors"]["json"]


def test_list_searches_sorts_pages_and_hides_old_versions(client, admin, company):
    old = SurveyFactory(company=company, name="Bancos v1", is_current=False)
    SurveyFactory(company=company, name="Bancos", version=2, previous_version_id=old.id)
    SurveyFactory(company=company, name="Cafeterías")
    SurveyFactory(company=company, name="Autos")
    headers = auth_headers(admin)

    names = [s["name"] for s in client.get("/api/v1/surveys?sort=name", headers=headers).get_json()]
    assert names == ["Autos", "Bancos", "Cafeterías"]
    everything = client.get("/api/v1/surveys?include_versions=true&sort=name", headers=headers).get_json()
    assert [s["name"] for s in everything] == ["Autos", "Bancos", "Bancos v1", "Cafeterías"]
    found = client.get("/api/v1/surveys?q=BANC&include_versions=true&sort=-version", headers=headers).get_json()
    assert [(s["name"], s["version"]) for s in found] == [("Bancos", 2), ("Bancos v1", 1)]

    page = client.get("/api/v1/surveys?page=2&page_size=2&sort=name", headers=headers)
    assert json.loads(page.headers["X-Pagination"])["total"] == 3
    assert [s["name"] for s in page.get_json()] == ["Cafeterías"]


@pytest.mark.parametrize("query", ["sort=questions", "page_size=1000", "include_versions=perhaps"])
def test_bad_list_arguments_are_422(client, admin, query):
    assert client.get(f"/api/v1/surveys?{query}", headers=auth_headers(admin)).status_code == 422


def test_superadmin_filters_the_list_by_company(client, superadmin, company):
    SurveyFactory(company=company, name="Propia")
    SurveyFactory(name="Ajena")
    body = client.get(f"/api/v1/surveys?company_id={company.id}", headers=auth_headers(superadmin)).get_json()
    assert [s["name"] for s in body] == ["Propia"]


def test_deleted_survey_disappears_with_all_its_versions(client, admin, company):
    old = SurveyFactory(company=company, is_current=False)
    current = SurveyFactory(company=company, version=2, previous_version_id=old.id)
    headers = auth_headers(admin)
    assert client.delete(f"/api/v1/surveys/{current.id}", headers=headers).status_code == 204
    for survey in (old, current):
        assert client.get(f"/api/v1/surveys/{survey.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/surveys?include_versions=true", headers=headers).get_json() == []


def test_delete_is_refused_while_a_live_campaign_uses_any_version(client, admin, company, db_session):
    old = SurveyFactory(company=company, is_current=False)
    current = SurveyFactory(company=company, version=2, previous_version_id=old.id)
    campaign = CampaignFactory(company=company, name="Verano", survey_id=old.id)
    headers = auth_headers(admin)
    response = client.delete(f"/api/v1/surveys/{current.id}", headers=headers)
    assert response.status_code == 409 and "Verano" in response.get_json()["message"]
    assert client.get(f"/api/v1/surveys/{current.id}", headers=headers).status_code == 200

    campaign.soft_delete()
    db_session.commit()
    assert client.delete(f"/api/v1/surveys/{current.id}", headers=headers).status_code == 204


def test_old_versions_cannot_be_edited_or_deleted_directly(client, admin, company):
    old = SurveyFactory(company=company, is_current=False)
    current = SurveyFactory(company=company, version=2, previous_version_id=old.id)
    headers = auth_headers(admin)
    response = client.put(f"/api/v1/surveys/{old.id}", headers=headers, json={"name": "x"})
    assert response.status_code == 409 and str(current.id) in response.get_json()["message"]
    assert client.delete(f"/api/v1/surveys/{old.id}", headers=headers).status_code == 409


def test_suspended_company_can_read_but_not_write(client, admin, company, db_session):
    survey = SurveyFactory(company=company)
    company.subscription_status = "suspended"
    db_session.commit()
    headers = auth_headers(admin)
    assert client.get(f"/api/v1/surveys/{survey.id}", headers=headers).status_code == 200
    assert client.post("/api/v1/surveys", headers=headers, json=NEW).status_code == 402


def test_unauthenticated_requests_are_401(client, company):
    survey = SurveyFactory(company=company)
    assert client.get(f"/api/v1/surveys/{survey.id}").status_code == 401
    assert client.get("/api/v1/surveys").status_code == 401


def test_other_tenant_admin_cannot_see_results(client, company):
    survey = SurveyFactory(company=company)
    stranger = UserFactory(admin=True, company=CompanyFactory())
    assert client.get(f"/api/v1/surveys/{survey.id}/results", headers=auth_headers(stranger)).status_code == 404
