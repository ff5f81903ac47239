"""Prompts: versioned per company, one active, fallback to global then built-in."""
from siete.ai.prompts import PROMPT_VERSION
from siete.prompts import service
from tests.factories import CompanyFactory, UserFactory, auth_headers

TEXT = "Eres un analista de experiencia de cliente para bancos dominicanos. Sé concreto."


def test_effective_prompt_falls_back_company_then_global_then_built_in(client, db_session):
    company = CompanyFactory()
    admin, root = auth_headers(UserFactory(admin=True, company=company)), auth_headers(UserFactory(superadmin=True))
    assert service.effective_prompt(company.id)["version"] == PROMPT_VERSION
    assert client.post("/api/v1/prompts", headers=root, json={"content": "Global: " + TEXT, "company_id": None}).status_code == 201
    assert service.effective_prompt(company.id) == {"source": "global", "version": "global-v1", "content": "Global: " + TEXT}
    created = client.post("/api/v1/prompts", headers=admin, json={"content": TEXT})
    assert created.status_code == 201 and created.get_json()["company_id"] == company.id
    effective = client.get("/api/v1/prompts/effective", headers=admin).get_json()
    assert effective == {"source": "company", "version": f"company-{company.id}-v1", "content": TEXT}


def test_new_versions_deactivate_old_ones_and_can_be_rolled_back(client):
    admin = auth_headers(UserFactory(admin=True))
    first = client.post("/api/v1/prompts", headers=admin, json={"content": "v1 " + TEXT}).get_json()
    second = client.post("/api/v1/prompts", headers=admin, json={"content": "v2 " + TEXT}).get_json()
    assert (first["version"], second["version"]) == (1, 2)
    listed = client.get("/api/v1/prompts", headers=admin).get_json()
    assert [(p["version"], p["is_active"]) for p in listed] == [(2, True), (1, False)]
    assert client.put(f"/api/v1/prompts/{first['id']}", headers=admin, json={"is_active": True}).status_code == 200
    assert client.get("/api/v1/prompts/effective", headers=admin).get_json()["content"] == "v1 " + TEXT


def test_deleting_the_active_version_falls_back(client):
    admin = auth_headers(UserFactory(admin=True))
    prompt = client.post("/api/v1/prompts", headers=admin, json={"content": TEXT}).get_json()
    assert client.delete(f"/api/v1/prompts/{prompt['id']}", headers=admin).status_code == 204
    assert client.get("/api/v1/prompts/effective", headers=admin).get_json()["source"] == "built-in"
    again = client.post("/api/v1/prompts", headers=admin, json={"content": TEXT}).get_json()
    assert again["version"] == 2


def test_prompts_are_admin_only_and_tenant_scoped(client):
    company, other = CompanyFactory(), CompanyFactory()
    theirs = client.post("/api/v1/prompts", headers=auth_headers(UserFactory(admin=True, company=other)),
                         json={"content": TEXT}).get_json()
    admin = auth_headers(UserFactory(admin=True, company=company))
    assert client.get(f"/api/v1/prompts/{theirs['id']}", headers=admin).status_code == 404
    assert client.get("/api/v1/prompts", headers=admin).get_json() == []
    assert client.post("/api/v1/prompts", headers=admin, json={"content": TEXT, "company_id": other.id}).status_code == 422
    for role in ({"manager": True}, {}):
        assert client.get("/api/v1/prompts", headers=auth_headers(UserFactory(company=company, **role))).status_code == 403


def test_prompt_content_is_validated(client):
    admin = auth_headers(UserFactory(admin=True))
    response = client.post("/api/v1/prompts", headers=admin, json={"content": "short"})
    assert response.status_code == 422 and "content" in response.get_json()["errors"]["json"]
