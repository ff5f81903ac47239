"""Payments: recording extends paid_until and lifts a suspension; gating blocks a suspended company's writes."""
from datetime import date, timedelta

from tests.factories import CompanyFactory, PaymentFactory, UserFactory, auth_headers


def _payment(days=30, **extra):
    today = date.today()
    return {"amount": "499.00", "currency": "USD", "period_start": str(today),
            "period_end": str(today + timedelta(days=days)), "method": "transfer", **extra}


def test_an_admin_cannot_lift_her_own_suspension(client):
    """The probe's attack: a company admin records a payment up to 2099; it stays pending and changes nothing."""
    company = CompanyFactory(subscription_status="suspended", paid_until=date.today() - timedelta(days=20))
    headers = auth_headers(UserFactory(admin=True, company=company))
    response = client.post("/api/v1/payments", headers=headers,
                           json={"amount": "0.01", "method": "other", "period_start": str(date.today()),
                                 "period_end": "2099-12-31"})
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"
    body = client.get(f"/api/v1/companies/{company.id}", headers=headers).get_json()
    assert body["subscription_status"] == "suspended"
    assert body["paid_until"] == str(date.today() - timedelta(days=20))
    assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 402
    own = response.get_json()["id"]
    assert client.post(f"/api/v1/payments/{own}/confirm", headers=headers).status_code == 403


def test_a_superadmin_confirms_a_submitted_payment_and_the_company_is_reactivated(client):
    company = CompanyFactory(subscription_status="suspended", paid_until=date.today() - timedelta(days=20))
    admin = UserFactory(admin=True, company=company)
    headers = auth_headers(admin)
    submitted = client.post("/api/v1/payments", headers=headers, json=_payment(reference="TRX-1")).get_json()
    assert submitted["recorded_by_id"] == admin.id
    root = UserFactory(superadmin=True)
    confirmed = client.post(f"/api/v1/payments/{submitted['id']}/confirm", headers=auth_headers(root),
                            json={"note": "Transfer seen in the bank statement"})
    assert confirmed.status_code == 200
    assert confirmed.get_json()["status"] == "confirmed"
    assert confirmed.get_json()["confirmed_by_id"] == root.id
    body = client.get(f"/api/v1/companies/{company.id}", headers=headers).get_json()
    assert body["subscription_status"] == "active"
    assert body["paid_until"] == str(date.today() + timedelta(days=30))
    assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 200
    again = client.post(f"/api/v1/payments/{submitted['id']}/confirm", headers=auth_headers(root))
    assert again.status_code == 409


def test_a_rejected_payment_never_counts(client):
    company = CompanyFactory(subscription_status="suspended", paid_until=date.today() - timedelta(days=20))
    headers = auth_headers(UserFactory(admin=True, company=company))
    submitted = client.post("/api/v1/payments", headers=headers, json=_payment()).get_json()
    root = auth_headers(UserFactory(superadmin=True))
    assert client.post(f"/api/v1/payments/{submitted['id']}/reject", headers=root, json={}).status_code == 422
    rejected = client.post(f"/api/v1/payments/{submitted['id']}/reject", headers=root, json={"note": "No transfer"})
    assert rejected.get_json()["status"] == "rejected"
    assert client.post(f"/api/v1/payments/{submitted['id']}/confirm", headers=root).status_code == 409
    body = client.get(f"/api/v1/companies/{company.id}", headers=headers).get_json()
    assert body["subscription_status"] == "suspended"
    pending = client.get("/api/v1/payments?status=pending", headers=headers).get_json()
    assert pending == []


def test_an_older_period_never_shortens_paid_until(client):
    company = CompanyFactory(paid_until=date.today() + timedelta(days=90))
    root = auth_headers(UserFactory(superadmin=True))
    client.post("/api/v1/payments", headers=root, json=_payment(days=10, company_id=company.id))
    body = client.get(f"/api/v1/companies/{company.id}", headers=root).get_json()
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
