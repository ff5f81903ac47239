"""Users API: validation, mass assignment, role ceilings, search, filters, sort and paging."""
import json

import pytest

from siete.users.models import User
from tests.factories import CompanyFactory, UserFactory, auth_headers

NEW = {"first_name": "Nuevo", "last_name": "Usuario", "email": "nuevo@example.test", "password": "secret-pass-1"}


@pytest.fixture
def admin(db_session):
    return UserFactory(admin=True)


def test_admin_creates_user_in_own_company(client, admin, system_scope, db_session):
    response = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, "role": 2})
    assert response.status_code == 201
    body = response.get_json()
    assert body["company_id"] == admin.company_id and body["role"] == 2 and "password" not in body
    stored = db_session.get(User, body["id"])
    assert stored.hashed_password.startswith("$argon2id$")


@pytest.mark.parametrize(
    "patch,field",
    [
        ({"email": "no-at-sign"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 41}, "password"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"first_name": 123}, "first_name"),
        ({"role": 9}, "role"),
        ({"gender": "robot"}, "gender"),
        ({"birthdate": "yesterday"}, "birthdate"),
        ({"is_admin": True}, "is_admin"),
    ],
)
def test_bad_input_is_422_with_field_errors(client, admin, patch, field):
    response = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, **patch})
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_missing_body_fields_are_named(client, admin):
    response = client.post("/api/v1/users", headers=auth_headers(admin), json={})
    assert response.status_code == 422
    assert {"first_name", "last_name", "email", "password"} <= set(response.get_json()["errors"]["json"])


def test_non_json_body_is_a_4xx_not_a_500(client, admin):
    response = client.post("/api/v1/users", headers={**auth_headers(admin), "Content-Type": "application/json"},
                           data="{not json")
    assert 400 <= response.status_code < 500


def test_duplicate_email_in_the_admins_own_company_is_409_case_insensitive(client, admin):
    UserFactory(email="taken@example.test", company=admin.company)
    response = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, "email": "TAKEN@example.test"})
    assert response.status_code == 409


def _shape(body):
    return {key: type(value).__name__ for key, value in body.items() if key not in ("id", "created_at", "updated_at")}


def test_another_tenants_email_answers_like_a_free_one_and_the_owner_keeps_the_address(client, admin, app):
    """No enumeration: the admin cannot tell; the copy is dormant (never logs in) and the owner is told by mail."""
    import json

    import redis

    from tests.factories import PASSWORD

    owner = UserFactory(email="owner@example.test", company=CompanyFactory())
    free = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, "email": "free@example.test"})
    taken = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, "email": "OWNER@example.test"})
    assert (free.status_code, taken.status_code) == (201, 201)
    assert _shape(free.get_json()) == {**_shape(taken.get_json())}
    assert client.post("/api/v1/auth/login", json={"email": "owner@example.test", "password": PASSWORD}).status_code == 200
    copy = client.post("/api/v1/auth/login", json={"email": "owner@example.test", "password": NEW["password"]})
    assert copy.status_code == 401
    broker = redis.Redis.from_url(app.config["CELERY"]["broker_url"])
    mails = [json.loads(raw)["headers"] for raw in broker.lrange("default", 0, -1)]
    assert any(m["task"] == "siete.users.send_account_mail" and m["argsrepr"] == f"({owner.id}, 'already_registered')"
               for m in mails)


def test_a_superadmin_still_gets_409_for_any_taken_email(client):
    UserFactory(email="taken@example.test", company=CompanyFactory())
    root = auth_headers(UserFactory(superadmin=True))
    body = {**NEW, "email": "taken@example.test", "company_id": CompanyFactory().id}
    assert client.post("/api/v1/users", headers=root, json=body).status_code == 409


def test_deleted_users_email_can_be_reused(client, admin, db_session):
    gone = UserFactory(email="reuse@example.test", company=admin.company)
    gone.soft_delete()
    db_session.commit()
    response = client.post("/api/v1/users", headers=auth_headers(admin), json={**NEW, "email": "reuse@example.test"})
    assert response.status_code == 201


def test_admin_cannot_create_superadmin_or_escalate(client, admin):
    headers = auth_headers(admin)
    assert client.post("/api/v1/users", headers=headers, json={**NEW, "role": 0}).status_code == 403
    assert client.put(f"/api/v1/users/{admin.id}", headers=headers, json={"role": 0}).status_code == 403


def test_admin_cannot_move_a_user_to_another_company(client, admin):
    other = CompanyFactory()
    target = UserFactory(company=admin.company)
    headers = auth_headers(admin)
    assert client.post("/api/v1/users", headers=headers, json={**NEW, "company_id": other.id}).status_code == 422
    response = client.put(f"/api/v1/users/{target.id}", headers=headers, json={"company_id": other.id})
    assert response.status_code == 422


def test_superadmin_must_choose_a_company_for_company_users(client):
    root = UserFactory(superadmin=True)
    headers = auth_headers(root)
    assert client.post("/api/v1/users", headers=headers, json=NEW).status_code == 422
    company = CompanyFactory()
    assert client.post("/api/v1/users", headers=headers, json={**NEW, "company_id": company.id}).status_code == 201
    assert client.post("/api/v1/users", headers=headers, json={**NEW, "email": "x@y.test", "company_id": 999999}).status_code == 404


def test_admin_cannot_delete_own_account(client, admin):
    assert client.delete(f"/api/v1/users/{admin.id}", headers=auth_headers(admin)).status_code == 422


def test_deleted_user_disappears_from_reads(client, admin):
    target = UserFactory(company=admin.company)
    headers = auth_headers(admin)
    assert client.delete(f"/api/v1/users/{target.id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/users/{target.id}", headers=headers).status_code == 404
    ids = [u["id"] for u in client.get("/api/v1/users?page_size=100", headers=headers).get_json()]
    assert target.id not in ids


def test_update_changes_password_and_email(client, admin):
    target = UserFactory(company=admin.company)
    response = client.put(f"/api/v1/users/{target.id}", headers=auth_headers(admin),
                          json={"email": "New.Mail@Example.test", "password": "brand-new-pass"})
    assert response.status_code == 200 and response.get_json()["email"] == "new.mail@example.test"
    login = client.post("/api/v1/auth/login", json={"email": "new.mail@example.test", "password": "brand-new-pass"})
    assert login.status_code == 200


def test_list_searches_filters_sorts_and_pages(client, admin):
    company = admin.company
    UserFactory(company=company, first_name="Zoe", email="zoe@example.test")
    UserFactory(company=company, first_name="Bruno", email="bruno@example.test", manager=True)
    UserFactory(company=company, first_name="Zacarías", email="zac@example.test", manager=True)
    headers = auth_headers(admin)

    found = client.get("/api/v1/users?q=ZOE", headers=headers).get_json()
    assert [u["email"] for u in found] == ["zoe@example.test"]

    managers = client.get("/api/v1/users?role=2&sort=first_name", headers=headers).get_json()
    assert [u["first_name"] for u in managers] == ["Bruno", "Zacarías"]

    page = client.get("/api/v1/users?page=2&page_size=2&sort=-first_name", headers=headers)
    meta = json.loads(page.headers["X-Pagination"])
    assert meta["total"] == 4 and meta["page"] == 2 and meta["total_pages"] == 2
    assert len(page.get_json()) == 2


def test_search_wildcards_are_literal(client, admin):
    UserFactory(company=admin.company, first_name="Percent")
    body = client.get("/api/v1/users?q=%25", headers=auth_headers(admin)).get_json()
    assert body == []


@pytest.mark.parametrize("query", ["sort=hashed_password", "page=0", "page_size=1000", "role=x"])
def test_bad_list_arguments_are_422(client, admin, query):
    response = client.get(f"/api/v1/users?{query}", headers=auth_headers(admin))
    assert response.status_code == 422, query
