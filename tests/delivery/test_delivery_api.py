"""The delivery log (admins), my preferences, company defaults and the unsubscribe link over HTTP."""
from siete.core import tenancy
from siete.delivery.templates import unsubscribe_token
from siete.extensions import db
from siete.notifications.service import notify
from tests.factories import CompanyFactory, UserFactory, auth_headers


def _delivery_for(user):
    with tenancy.tenant_scope(user.company_id):
        notify([user.id], event="evaluation.completed", title="Tu evaluación fue analizada", company_id=user.company_id)
        db.session.commit()


def test_admin_lists_the_company_deliveries_and_filters_them(client, db_session):
    admin = UserFactory(admin=True)
    shopper = UserFactory(company=admin.company)
    _delivery_for(shopper)
    _delivery_for(UserFactory())  # another company's
    answer = client.get("/api/v1/deliveries?status=queued", headers=auth_headers(admin))
    assert answer.status_code == 200
    assert [(d["user_id"], d["channel"], d["status"]) for d in answer.json] == [(shopper.id, "email", "queued")]
    one = client.get(f"/api/v1/deliveries/{answer.json[0]['id']}", headers=auth_headers(admin))
    assert one.status_code == 200 and one.json["address"] == shopper.email
    assert client.get("/api/v1/deliveries?status=nope", headers=auth_headers(admin)).status_code == 422


def test_managers_and_shoppers_cannot_read_the_delivery_log(client, db_session):
    for user in (UserFactory(manager=True), UserFactory()):
        assert client.get("/api/v1/deliveries", headers=auth_headers(user)).status_code == 403


def test_another_tenants_delivery_is_404(client, db_session):
    shopper = UserFactory()
    _delivery_for(shopper)
    admin = UserFactory(admin=True)
    other_admin = UserFactory(admin=True, company=shopper.company)
    [row] = client.get("/api/v1/deliveries", headers=auth_headers(other_admin)).json
    assert client.get(f"/api/v1/deliveries/{row['id']}", headers=auth_headers(admin)).status_code == 404


def test_i_choose_my_channels(client, db_session):
    shopper = UserFactory()
    headers = auth_headers(shopper)
    mine = {p["event"]: p for p in client.get("/api/v1/deliveries/preferences", headers=headers).json}
    assert mine["analysis.critical"]["sms"] is True and mine["evaluation.completed"]["email"] is True
    answer = client.put("/api/v1/deliveries/preferences", headers=headers,
                        json={"preferences": [{"event": "evaluation.completed", "email": False, "sms": True}]})
    assert answer.status_code == 200
    mine = {p["event"]: p for p in answer.json}
    assert (mine["evaluation.completed"]["email"], mine["evaluation.completed"]["sms"]) == (False, True)
    bad = client.put("/api/v1/deliveries/preferences", headers=headers,
                     json={"preferences": [{"event": "no.such.event", "email": True}]})
    assert bad.status_code == 422
    assert client.put("/api/v1/deliveries/preferences", headers=headers, json={}).status_code == 422


def test_admin_sets_company_defaults_that_members_inherit(client, db_session):
    admin = UserFactory(admin=True)
    shopper = UserFactory(company=admin.company)
    answer = client.put("/api/v1/deliveries/company-defaults", headers=auth_headers(admin),
                        json={"preferences": [{"event": "evaluation.failed", "sms": True}]})
    assert answer.status_code == 200
    mine = {p["event"]: p for p in client.get("/api/v1/deliveries/preferences", headers=auth_headers(shopper)).json}
    assert (mine["evaluation.failed"]["email"], mine["evaluation.failed"]["sms"]) == (True, True)
    assert client.get("/api/v1/deliveries/company-defaults",
                      headers=auth_headers(UserFactory(manager=True))).status_code == 403


def test_a_forged_unsubscribe_token_is_404_and_a_signed_one_works(client, app, db_session):
    shopper = UserFactory()
    assert client.get("/api/v1/deliveries/unsubscribe?token=forged").status_code == 404
    token = unsubscribe_token(app.config["SECRET_KEY"], shopper.id, "analysis.ready")
    assert client.get(f"/api/v1/deliveries/unsubscribe?token={token}").status_code == 200
    mine = {p["event"]: p for p in client.get("/api/v1/deliveries/preferences", headers=auth_headers(shopper)).json}
    assert mine["analysis.ready"]["email"] is True  # opening the page changes nothing
    assert client.post(f"/api/v1/deliveries/unsubscribe?token={token}").status_code == 200
    mine = {p["event"]: p for p in client.get("/api/v1/deliveries/preferences", headers=auth_headers(shopper)).json}
    assert mine["analysis.ready"]["email"] is False
    other = unsubscribe_token("another-secret", shopper.id, "analysis.ready")
    assert client.get(f"/api/v1/deliveries/unsubscribe?token={other}").status_code == 404
