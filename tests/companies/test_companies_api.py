"""Companies API: superadmin manages tenants, an admin manages only its own."""
from tests.factories import CompanyFactory, UserFactory, auth_headers


def test_superadmin_creates_company_with_defaults(client):
    response = client.post("/api/v1/companies", headers=auth_headers(UserFactory(superadmin=True)),
                           json={"name": "Claro Dominicana", "email": "INFO@Claro.test"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["country"] == "DO" and body["subscription_status"] == "active"
    assert body["email"] == "info@claro.test" and body["invite_code"]


def test_subscription_fields_cannot_be_set_through_the_body(client):
    admin = UserFactory(admin=True)
    response = client.put(f"/api/v1/companies/{admin.company_id}", headers=auth_headers(admin),
                          json={"subscription_status": "active", "paid_until": "2099-01-01"})
    assert response.status_code == 422
    assert {"subscription_status", "paid_until"} <= set(response.get_json()["errors"]["json"])


def test_company_validation(client):
    headers = auth_headers(UserFactory(superadmin=True))
    response = client.post("/api/v1/companies", headers=headers, json={"name": "", "country": "Dominicana"})
    assert response.status_code == 422
    assert {"name", "country"} <= set(response.get_json()["errors"]["json"])


def test_list_filters_and_search(client):
    CompanyFactory(name="Banco Popular", country="DO")
    CompanyFactory(name="Banco de Bogotá", country="CO", subscription_status="suspended")
    headers = auth_headers(UserFactory(superadmin=True))
    names = [c["name"] for c in client.get("/api/v1/companies?q=banco&sort=name", headers=headers).get_json()]
    assert names == ["Banco de Bogotá", "Banco Popular"]
    suspended = client.get("/api/v1/companies?subscription_status=suspended", headers=headers).get_json()
    assert [c["name"] for c in suspended] == ["Banco de Bogotá"]


def test_deleted_company_locks_out_its_users(client):
    admin = UserFactory(admin=True)
    headers = auth_headers(admin)
    root = auth_headers(UserFactory(superadmin=True))
    assert client.delete(f"/api/v1/companies/{admin.company_id}", headers=root).status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert client.get(f"/api/v1/companies/{admin.company_id}", headers=root).status_code == 404


def test_rotating_the_invite_code_invalidates_the_old_one(client):
    admin = UserFactory(admin=True)
    old = admin.company.invite_code
    new = client.post(f"/api/v1/companies/{admin.company_id}/invite-code", headers=auth_headers(admin)).get_json()
    assert new["invite_code"] != old
    body = {"first_name": "A", "last_name": "B", "email": "a@b.test", "password": "password-1", "invite_code": old}
    assert client.post("/api/v1/auth/register", json=body).status_code == 422
