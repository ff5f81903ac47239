"""Zones API: CRUD, filters, and staffing a zone."""
from tests.factories import CompanyFactory, UserFactory, UserZoneFactory, ZoneFactory, auth_headers


def test_admin_creates_zone_in_own_company(client):
    admin = UserFactory(admin=True)
    response = client.post("/api/v1/zones", headers=auth_headers(admin),
                           json={"name": "Piantini", "country": "DO", "state": "Distrito Nacional", "city": "Santo Domingo"})
    assert response.status_code == 201
    assert response.get_json()["company_id"] == admin.company_id


def test_zone_validation_names_fields(client):
    admin = UserFactory(admin=True)
    response = client.post("/api/v1/zones", headers=auth_headers(admin), json={"name": "", "country": "dom"})
    assert response.status_code == 422
    assert {"name", "country", "state"} <= set(response.get_json()["errors"]["json"])


def test_superadmin_must_name_the_company(client):
    root = UserFactory(superadmin=True)
    body = {"name": "Z", "country": "DO", "state": "Santiago"}
    assert client.post("/api/v1/zones", headers=auth_headers(root), json=body).status_code == 422
    company = CompanyFactory()
    created = client.post("/api/v1/zones", headers=auth_headers(root), json={**body, "company_id": company.id})
    assert created.status_code == 201 and created.get_json()["company_id"] == company.id


def test_list_filters_by_country_state_city(client):
    admin = UserFactory(admin=True)
    ZoneFactory(company=admin.company, name="A", country="DO", state="Santiago", city="Santiago")
    ZoneFactory(company=admin.company, name="B", country="DO", state="La Vega", city="Jarabacoa")
    ZoneFactory(company=admin.company, name="C", country="CO", state="Antioquia", city="Medellín")
    headers = auth_headers(admin)
    names = lambda q: [z["name"] for z in client.get(f"/api/v1/zones?{q}&sort=name", headers=headers).get_json()]  # noqa: E731
    assert names("country=DO") == ["A", "B"]
    assert names("state=La Vega") == ["B"]
    assert names("city=Medellín") == ["C"]


def test_assigning_users_replaces_the_set_and_rejects_foreign_users(client):
    admin = UserFactory(admin=True)
    zone = ZoneFactory(company=admin.company)
    first, second = UserFactory(company=admin.company), UserFactory(company=admin.company)
    stranger = UserFactory()
    headers = auth_headers(admin)
    url = f"/api/v1/zones/{zone.id}/users"
    assert [u["id"] for u in client.put(url, headers=headers, json={"ids": [first.id, second.id]}).get_json()] == sorted([first.id, second.id])
    assert [u["id"] for u in client.put(url, headers=headers, json={"ids": [second.id]}).get_json()] == [second.id]
    assert [u["id"] for u in client.get(url, headers=headers).get_json()] == [second.id]
    rejected = client.put(url, headers=headers, json={"ids": [stranger.id]})
    assert rejected.status_code == 422 and str(stranger.id) in rejected.get_data(as_text=True)


def test_reassigning_after_removal_works(client):
    company = CompanyFactory()
    link = UserZoneFactory(company=company)
    admin = UserFactory(admin=True, company=company)
    headers = auth_headers(admin)
    url = f"/api/v1/zones/{link.zone_id}/users"
    assert client.put(url, headers=headers, json={"ids": []}).get_json() == []
    assert [u["id"] for u in client.put(url, headers=headers, json={"ids": [link.user_id]}).get_json()] == [link.user_id]
