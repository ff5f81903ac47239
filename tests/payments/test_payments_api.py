"""Payments: recording extends paid_until and lifts a suspension; gating blocks a suspended company's writes."""
from datetime import date, timedelta

from tests.factories import CompanyFactory, PaymentFactory, UserFactory, auth_headers


def _payment(days=30, **extra):
    today = date.today()
    return {"amount": "499.00", "currency": "USD", "period_start": str(today),
            "period_end": str(today + timedelta(days=days)), "method": "transfer", **extra}


def test_payment_reactivates_a_suspended_company_and_extends_paid_until(client):
    company = CompanyFactory(subscription_status="suspended", paid_until=date.today() - timedelta(days=20))
    admin = UserFactory(admin=True, company=company)
    headers = auth_headers(admin)
    assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 402
    response = client.post("/api/v1/payments", headers=headers, json=_payment(reference="TRX-1"))
    assert response.status_code == 201
    assert response.get_json()["recorded_by_id"] == admin.id
    body = client.get(f"/api/v1/companies/{company.id}", headers=headers).get_json()
    assert body["subscription_status"] == "active"
    assert body["paid_until"] == str(date.today() + timedelta(days=30))
    assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 200


def test_an_older_period_never_shortens_paid_until(client):
    company = CompanyFactory(paid_until=date.today() + timedelta(days=90))
    admin = UserFactory(admin=True, company=company)
    client.post("/api/v1/payments", headers=auth_headers(admin), json=_payment(days=10))
    body = client.get(f"/api/v1/companies/{company.id}", headers=auth_headers(admin)).get_json()
    assert body["paid_until"] == str(date.today() + timedelta(days=90))


def test_payment_validation(client):
    admin = UserFactory(admin=True)
    bad = _payment(amount="-5", currency="dollars", method="bitcoin", period_end="2000-01-01")
    response = client.post("/api/v1/payments", headers=auth_headers(admin), json=bad)
    assert response.status_code == 422
    assert {"amount", "currency", "method"} <= set(response.get_json()["errors"]["json"])


def test_admins_see_own_company_payments_superadmin_all(client):
    admin = UserFactory(admin=True)
    PaymentFactory(company=admin.company, reference="MINE")
    PaymentFactory(reference="THEIRS")
    mine = client.get("/api/v1/payments", headers=auth_headers(admin)).get_json()
    assert [p["reference"] for p in mine] == ["MINE"]
    everything = client.get("/api/v1/payments", headers=auth_headers(UserFactory(superadmin=True))).get_json()
    assert {"MINE", "THEIRS"} <= {p["reference"] for p in everything}


def test_superadmin_records_for_a_named_company(client):
    company = CompanyFactory(subscription_status="past_due")
    root = auth_headers(UserFactory(superadmin=True))
    assert client.post("/api/v1/payments", headers=root, json=_payment()).status_code == 422
    assert client.post("/api/v1/payments", headers=root, json=_payment(company_id=company.id)).status_code == 201
