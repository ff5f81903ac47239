"""The daily subscription job with a frozen clock: past_due, then suspended, then reactivated by a payment."""
from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from siete.companies.tasks import enforce_subscriptions
from siete.core import tenancy
from siete.notifications.models import Notification
from tests.factories import CompanyFactory, UserFactory, auth_headers


def _events(db_session, company):
    with tenancy.system_scope():
        return sorted(db_session.scalars(select(Notification.event).where(Notification.company_id == company.id)))


def test_overdue_company_goes_past_due_then_suspended_then_back_with_a_payment(app, client, db_session):
    company = CompanyFactory(paid_until=date(2026, 11, 30))
    admin = UserFactory(admin=True, company=company)
    CompanyFactory(paid_until=None)  # never billed: left alone
    with tenancy.system_scope():
        with freeze_time("2026-11-30"):
            assert enforce_subscriptions() == {"past_due": 0, "suspended": 0}
        with freeze_time("2026-12-01"):
            assert enforce_subscriptions() == {"past_due": 1, "suspended": 0}
        assert company.subscription_status == "past_due"
        grace = app.config["SUBSCRIPTION_GRACE_DAYS"]
        with freeze_time(f"2026-12-{grace:02d}"):
            assert enforce_subscriptions()["suspended"] == 0
        with freeze_time(f"2026-12-{grace + 1:02d}"):
            assert enforce_subscriptions() == {"past_due": 0, "suspended": 1}
            assert enforce_subscriptions() == {"past_due": 0, "suspended": 0}
    assert company.subscription_status == "suspended"
    assert _events(db_session, company) == ["subscription.past_due", "subscription.suspended"]
    with freeze_time(f"2026-12-{grace + 1:02d}"):
        headers = auth_headers(admin)
        assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 402
        payment = {"amount": "499.00", "period_start": "2026-12-01", "period_end": "2026-12-31", "method": "card"}
        submitted = client.post("/api/v1/payments", headers=headers, json=payment)
        assert submitted.status_code == 201  # the company's proof of payment waits for the operator
        assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 402
        root = auth_headers(UserFactory(superadmin=True))
        confirm = client.post(f"/api/v1/payments/{submitted.get_json()['id']}/confirm", headers=root)
        assert confirm.status_code == 200
        assert client.put(f"/api/v1/companies/{company.id}", headers=headers, json={"phone": "1"}).status_code == 200
        with tenancy.system_scope():
            assert enforce_subscriptions() == {"past_due": 0, "suspended": 0}
