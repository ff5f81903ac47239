"""The audit log: payment confirmations, role changes, deletions and prompt changes are recorded with who, what,
before and after; admins read their company's entries, superadmins all; nobody can rewrite them."""
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.factories import CompanyFactory, PaymentFactory, UserFactory, auth_headers


def _entries(client, headers, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    response = client.get(f"/api/v1/audit-log?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_payment_confirmation_is_recorded_with_the_company_before_and_after(client):
    company = CompanyFactory(subscription_status="suspended", paid_until=date.today() - timedelta(days=9))
    admin = auth_headers(UserFactory(admin=True, company=company))
    payment = PaymentFactory(company=company, status="pending", period_end=date.today() + timedelta(days=30))
    root_user = UserFactory(superadmin=True)
    assert client.post(f"/api/v1/payments/{payment.id}/confirm", headers=auth_headers(root_user)).status_code == 200
    [entry] = _entries(client, admin, action="payment.confirmed")
    assert entry["actor_id"] == root_user.id and entry["entity_type"] == "payments" and entry["entity_id"] == payment.id
    assert entry["before"]["company"]["subscription_status"] == "suspended"
    assert entry["after"]["company"] == {"subscription_status": "active",
                                         "paid_until": str(date.today() + timedelta(days=30))}
    other_admin = auth_headers(UserFactory(admin=True))
    assert _entries(client, other_admin, action="payment.confirmed") == []


def test_role_changes_and_deletions_are_recorded_and_secrets_never(client):
    admin_user = UserFactory(admin=True)
    admin = auth_headers(admin_user)
    user = UserFactory(company=admin_user.company)
    client.put(f"/api/v1/users/{user.id}", headers=admin, json={"role": 2, "password": "Otra-Clave-Segura-7"})
    client.delete(f"/api/v1/users/{user.id}", headers=admin)
    entries = _entries(client, admin, entity_type="users", entity_id=user.id)
    assert [e["action"] for e in entries] == ["user.deleted", "user.role_changed", "user.password_reset"]
    changed = entries[1]
    assert (changed["before"], changed["after"], changed["actor_id"]) == ({"role": 3}, {"role": 2}, admin_user.id)
    assert "hashed_password" not in str(entries) and "Otra-Clave" not in str(entries)


def test_prompt_versions_are_recorded(client):
    admin = auth_headers(UserFactory(admin=True))
    created = client.post("/api/v1/prompts", headers=admin, json={"content": "Analiza la visita con foco en ventas."})
    assert created.status_code == 201
    [entry] = _entries(client, admin, action="prompt.created")
    assert entry["after"]["content"].startswith("Analiza") and entry["after"]["version"] == 1


def test_managers_and_shoppers_cannot_read_the_log(client):
    company = CompanyFactory()
    for user in (UserFactory(manager=True, company=company), UserFactory(company=company)):
        assert client.get("/api/v1/audit-log", headers=auth_headers(user)).status_code == 403


def test_the_log_is_append_only_in_the_database(client, db_session):
    admin_user = UserFactory(admin=True)
    client.post(f"/api/v1/companies/{admin_user.company_id}/invite-code", headers=auth_headers(admin_user))
    assert db_session.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 1
    for statement in ("UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with db_session.begin_nested():
                db_session.execute(text(statement))
