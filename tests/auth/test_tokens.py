"""Tokens: refresh rotation, logout revocation, and per-request user reload."""
import time

import jwt as pyjwt

from siete.core.roles import Role
from tests.factories import UserFactory, auth_headers


def _tokens(client, user):
    from siete.auth.tokens import issue_tokens

    return issue_tokens(user)


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_me_returns_the_current_user(client):
    user = UserFactory(manager=True)
    body = client.get("/api/v1/auth/me", headers=auth_headers(user)).get_json()
    assert body["id"] == user.id and body["role"] == 2
    assert "hashed_password" not in body and "password" not in body


def test_refresh_rotates_the_pair_and_revokes_the_used_token(client):
    user = UserFactory()
    pair = _tokens(client, user)
    response = client.post("/api/v1/auth/refresh", headers=_bearer(pair["refresh_token"]))
    assert response.status_code == 200
    assert client.get("/api/v1/auth/me", headers=_bearer(response.get_json()["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/refresh", headers=_bearer(pair["refresh_token"])).status_code == 401


def test_access_token_cannot_be_used_to_refresh(client):
    pair = _tokens(client, UserFactory())
    assert client.post("/api/v1/auth/refresh", headers=_bearer(pair["access_token"])).status_code == 401


def test_logout_revokes_access_and_refresh_tokens(client):
    pair = _tokens(client, UserFactory())
    response = client.post(
        "/api/v1/auth/logout", headers=_bearer(pair["access_token"]), json={"refresh_token": pair["refresh_token"]}
    )
    assert response.status_code == 204
    revoked = client.get("/api/v1/auth/me", headers=_bearer(pair["access_token"]))
    assert revoked.status_code == 401 and "revoked" in revoked.get_json()["message"]
    assert client.post("/api/v1/auth/refresh", headers=_bearer(pair["refresh_token"])).status_code == 401


def test_logout_rejects_another_users_refresh_token(client):
    mine, theirs = _tokens(client, UserFactory()), _tokens(client, UserFactory())
    response = client.post(
        "/api/v1/auth/logout", headers=_bearer(mine["access_token"]), json={"refresh_token": theirs["refresh_token"]}
    )
    assert response.status_code == 422
    assert client.post("/api/v1/auth/refresh", headers=_bearer(theirs["refresh_token"])).status_code == 200


def test_role_change_applies_to_existing_tokens_at_once(client, db_session):
    user = UserFactory(admin=True)
    headers = auth_headers(user)
    assert client.get("/api/v1/users", headers=headers).status_code == 200
    user.role = int(Role.SHOPPER)
    db_session.commit()
    assert client.get("/api/v1/users", headers=headers).status_code == 403


def test_soft_deleted_user_token_stops_working(client, db_session):
    user = UserFactory()
    headers = auth_headers(user)
    user.soft_delete()
    db_session.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_suspended_company_reads_but_cannot_write(client, db_session):
    admin = UserFactory(admin=True)
    headers = auth_headers(admin)
    admin.company.subscription_status = "suspended"
    db_session.commit()
    assert client.get("/api/v1/users", headers=headers).status_code == 200
    blocked = client.put(f"/api/v1/users/{admin.id}", headers=headers, json={"first_name": "X"})
    assert blocked.status_code == 402
    superadmin = UserFactory(superadmin=True)
    assert client.put(f"/api/v1/users/{admin.id}", headers=auth_headers(superadmin), json={"first_name": "X"}).status_code == 200


def _forge(app, user, *, secret=None, algorithm="HS256", exp_delta=600, **extra):
    now = int(time.time())
    claims = {"sub": str(user.id), "type": "access", "jti": "forged", "fresh": False, "iat": now, "nbf": now,
              "exp": now + exp_delta, "role": 0, "company_id": None, **extra}
    if algorithm == "none":
        return pyjwt.encode(claims, None, algorithm="none")
    return pyjwt.encode(claims, secret or app.config["JWT_SECRET_KEY"], algorithm=algorithm)


def test_forged_tampered_and_expired_tokens_get_401(client, app):
    user = UserFactory()
    good = _forge(app, user)
    assert client.get("/api/v1/auth/me", headers=_bearer(good)).status_code == 200
    header, payload, signature = good.split(".")
    tampered = f"{header}.{payload[:-2]}xx.{signature}"
    for token in (
        tampered,
        _forge(app, user, algorithm="none"),
        _forge(app, user, secret="another-secret-of-sufficient-length-123"),
        _forge(app, user, exp_delta=-10),
        "not-a-jwt",
    ):
        assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401, token


def test_token_role_claim_is_not_trusted(client, app):
    shopper = UserFactory()
    lying = _forge(app, shopper, role=0)
    assert client.get("/api/v1/companies", headers=_bearer(lying)).status_code == 403


def test_a_verified_token_is_refused_once_it_expires(client, app):
    """The verified-token cache (siete.extensions.JWTManager) checks the expiry on every use."""
    user = UserFactory()
    short = _forge(app, user, exp_delta=2)
    for _ in range(2):  # verified, then served from the cache
        assert client.get("/api/v1/auth/me", headers=_bearer(short)).status_code == 200
    time.sleep(2.1)
    answer = client.get("/api/v1/auth/me", headers=_bearer(short))
    assert answer.status_code == 401 and "expired" in answer.get_json()["message"]


def test_a_verified_token_is_refused_under_another_secret(client, app, monkeypatch):
    user = UserFactory()
    token = _forge(app, user)
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
    monkeypatch.setitem(app.config, "JWT_SECRET_KEY", "a-rotated-secret-of-sufficient-length-0123456789")
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401


def test_a_cached_token_still_meets_revocation_and_the_user_reload(client, app, db_session):
    from siete.extensions import db

    user = UserFactory()
    token = _forge(app, user)
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
    user.deleted_at = user.created_at
    db.session.flush()
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401
