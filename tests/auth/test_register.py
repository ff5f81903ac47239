"""Self-registration: shoppers only, with a live company's invitation code, when enabled."""
from sqlalchemy import select

from siete.users.models import User
from tests.factories import CompanyFactory, UserFactory

BODY = {"first_name": "Sofía", "last_name": "Pérez", "email": "sofia@example.test", "password": "shopper-pass-1"}


def test_invite_code_registers_a_shopper_in_that_company(client, system_scope, db_session):
    company = CompanyFactory(invite_code="join-us")
    response = client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"})
    assert response.status_code == 201
    assert response.get_json()["access_token"]
    user = db_session.scalars(select(User).where(User.email == "sofia@example.test")).one()
    assert user.role == 3 and user.company_id == company.id


def test_role_and_company_in_the_body_are_rejected(client):
    CompanyFactory(invite_code="join-us")
    response = client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us", "role": 0, "company_id": 1})
    assert response.status_code == 422
    assert {"role", "company_id"} <= set(response.get_json()["errors"]["json"])


def test_unknown_or_suspended_company_code_is_422(client):
    CompanyFactory(invite_code="frozen", subscription_status="suspended")
    for code in ("nope", "frozen"):
        response = client.post("/api/v1/auth/register", json={**BODY, "invite_code": code})
        assert response.status_code == 422
        assert "invite_code" in response.get_json()["errors"]["json"]


def test_duplicate_email_is_409_case_insensitive(client):
    CompanyFactory(invite_code="join-us")
    UserFactory(email="sofia@example.test")
    response = client.post("/api/v1/auth/register", json={**BODY, "email": "SOFIA@Example.test", "invite_code": "join-us"})
    assert response.status_code == 409


def test_registration_can_be_disabled(client, app, monkeypatch):
    CompanyFactory(invite_code="join-us")
    monkeypatch.setitem(app.config, "REGISTRATION_ENABLED", False)
    assert client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"}).status_code == 403
