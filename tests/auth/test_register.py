"""Self-registration: shoppers only, with a live company's invitation code, when enabled; the same answer whatever
the email; the account opens when its address is confirmed through a signed, expiring link sent by a worker task."""
import json
import re
from datetime import timedelta

import redis
from freezegun import freeze_time
from sqlalchemy import select

from siete.users.tasks import send_account_mail as send_registration_mail
from siete.core.models import utcnow
from siete.users.models import User
from tests.factories import CompanyFactory, UserFactory

BODY = {"first_name": "Sofía", "last_name": "Pérez", "email": "sofia@example.test", "password": "shopper-pass-1"}


def _queued_mails(app):
    """send_registration_mail messages waiting on the real Redis broker: (user id, kind)."""
    broker = redis.Redis.from_url(app.config["CELERY"]["broker_url"])
    messages = [json.loads(raw) for raw in broker.lrange("default", 0, -1)]
    return [tuple(json.loads(m["headers"]["argsrepr"].replace("'", '"').replace("(", "[").replace(")", "]")))
            for m in messages if m["headers"]["task"] == "siete.users.send_account_mail"]


def _user(db_session, email="sofia@example.test"):
    return db_session.scalars(select(User).where(User.email == email)).one()


def _link(message):
    return re.search(r"confirm-email\?token=(\S+)", message.get_body(("plain",)).get_content()).group(1)


def test_invite_code_registers_an_unconfirmed_shopper_and_queues_the_confirmation(client, app, system_scope,
                                                                                   db_session):
    company = CompanyFactory(invite_code="join-us")
    response = client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"})
    assert response.status_code == 202
    assert "access_token" not in response.get_json()
    user = _user(db_session)
    assert user.role == 3 and user.company_id == company.id and user.email_confirmed_at is None
    assert _queued_mails(app) == [(user.id, "confirm")]
    login = client.post("/api/v1/auth/login", json={"email": BODY["email"], "password": BODY["password"]})
    assert login.status_code == 403 and "Confirm your email" in login.get_json()["message"]


def test_an_email_of_any_tenant_gets_the_same_answer_and_no_second_account(client, app, system_scope, db_session):
    CompanyFactory(invite_code="join-us")
    fresh = client.post("/api/v1/auth/register", json={**BODY, "email": "nueva@example.test", "invite_code": "join-us"})
    taken = UserFactory(email="sofia@example.test")  # another company's user
    again = client.post("/api/v1/auth/register", json={**BODY, "email": "SOFIA@Example.test", "invite_code": "join-us"})
    assert (again.status_code, again.get_json()) == (fresh.status_code, fresh.get_json())
    assert len(db_session.scalars(select(User).where(User.email == "sofia@example.test")).all()) == 1
    assert (taken.id, "already_registered") in _queued_mails(app)


def test_the_confirmation_link_opens_the_account(client, app, smtp, system_scope, db_session):
    CompanyFactory(invite_code="join-us")
    client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"})
    user = _user(db_session)
    assert send_registration_mail.apply(args=(user.id, "confirm")).get() == "smtp"
    [message] = smtp.messages
    assert message["To"] == "sofia@example.test" and "Confirma tu correo" in message["Subject"]
    token = _link(message)
    confirmed = client.post("/api/v1/auth/confirm-email", json={"token": token})
    assert confirmed.status_code == 200 and confirmed.get_json()["access_token"]
    login = client.post("/api/v1/auth/login", json={"email": BODY["email"], "password": BODY["password"]})
    assert login.status_code == 200
    assert send_registration_mail.apply(args=(user.id, "confirm")).get() is None  # confirmed: nothing more is sent


def test_the_already_registered_mail_tells_the_owner(app, smtp, system_scope, db_session):
    owner = UserFactory(email="sofia@example.test")
    send_registration_mail.apply(args=(owner.id, "already_registered")).get()
    [message] = smtp.messages
    assert "ya tiene una" in message.get_body(("plain",)).get_content()


def test_the_e_mail_link_confirms_and_redirects_to_the_console(client, app, system_scope, db_session):
    from siete.users.confirmation import confirmation_token

    CompanyFactory(invite_code="join-us")
    client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"})
    user = _user(db_session)
    with app.test_request_context():
        token = confirmation_token(user)
    response = client.get(f"/api/v1/auth/confirm-email?token={token}")
    assert response.status_code == 303 and response.headers["Location"].endswith("/login?email=confirmed")
    db_session.expire_all()
    assert _user(db_session).email_confirmed_at is not None
    assert client.get("/api/v1/auth/confirm-email?token=forged").headers["Location"].endswith("email=invalid")


def test_an_expired_or_forged_link_is_refused(client, app, system_scope, db_session):
    from siete.users.confirmation import confirmation_token

    CompanyFactory(invite_code="join-us")
    client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"})
    user = _user(db_session)
    with app.test_request_context():
        token = confirmation_token(user)
    later = utcnow() + timedelta(hours=app.config["EMAIL_CONFIRM_HOURS"] + 1)
    with freeze_time(later):
        expired = client.post("/api/v1/auth/confirm-email", json={"token": token})
    assert expired.status_code == 422 and "expired" in expired.get_json()["errors"]["json"]["token"][0]
    forged = client.post("/api/v1/auth/confirm-email", json={"token": token[:-3] + "abc"})
    assert forged.status_code == 422


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


def test_registration_can_be_disabled(client, app, monkeypatch):
    CompanyFactory(invite_code="join-us")
    monkeypatch.setitem(app.config, "REGISTRATION_ENABLED", False)
    assert client.post("/api/v1/auth/register", json={**BODY, "invite_code": "join-us"}).status_code == 403
