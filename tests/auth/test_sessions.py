"""Ending sessions: a password or role change invalidates every earlier token; tokens must expire."""
from datetime import timedelta

import jwt as pyjwt
from flask_jwt_extended import create_access_token

from siete.auth.tokens import issue_tokens
from tests.factories import PASSWORD, UserFactory, auth_headers


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _still_works(client, pair):
    me = client.get("/api/v1/auth/me", headers=_bearer(pair["access_token"])).status_code == 200
    refresh = client.post("/api/v1/auth/refresh", headers=_bearer(pair["refresh_token"])).status_code == 200
    return me, refresh


def test_an_admin_password_change_ends_the_users_old_sessions(client):
    user = UserFactory()
    stolen = issue_tokens(user)
    admin = auth_headers(UserFactory(admin=True, company=user.company))
    assert client.put(f"/api/v1/users/{user.id}", headers=admin, json={"password": "Otra-Clave-2026!"}).status_code == 200
    assert _still_works(client, stolen) == (False, False)


def test_a_role_change_ends_the_users_old_sessions(client):
    user = UserFactory()
    old = issue_tokens(user)
    admin = auth_headers(UserFactory(admin=True, company=user.company))
    assert client.put(f"/api/v1/users/{user.id}", headers=admin, json={"role": 2}).status_code == 200
    assert _still_works(client, old) == (False, False)


def test_a_profile_edit_keeps_sessions(client):
    user = UserFactory()
    pair = issue_tokens(user)
    admin = auth_headers(UserFactory(admin=True, company=user.company))
    assert client.put(f"/api/v1/users/{user.id}", headers=admin, json={"phone": "809-555-0101"}).status_code == 200
    assert _still_works(client, pair) == (True, True)


def test_users_change_their_own_password_and_keep_only_the_new_session(client):
    user = UserFactory()
    other_device = issue_tokens(user)
    this_device = issue_tokens(user)
    wrong = client.put("/api/v1/auth/me/password", headers=_bearer(this_device["access_token"]),
                       json={"current_password": "not-my-password", "new_password": "Nueva-Clave-2026!"})
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["errors"]["json"]
    response = client.put("/api/v1/auth/me/password", headers=_bearer(this_device["access_token"]),
                          json={"current_password": PASSWORD, "new_password": "Nueva-Clave-2026!"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert _still_works(client, other_device) == (False, False)
    assert client.get("/api/v1/auth/me", headers=_bearer(response.get_json()["access_token"])).status_code == 200
    login = client.post("/api/v1/auth/login", json={"email": user.email, "password": "Nueva-Clave-2026!"})
    assert login.status_code == 200


def test_own_password_change_applies_the_password_rules(client):
    user = UserFactory()
    response = client.put("/api/v1/auth/me/password", headers=auth_headers(user),
                          json={"current_password": PASSWORD, "new_password": "12345678"})
    assert response.status_code == 422 and "new_password" in response.get_json()["errors"]["json"]


def test_token_responses_are_never_cached(client):
    user = UserFactory()
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_token_without_exp_is_refused(client, app):
    user = UserFactory()
    with app.app_context():
        forever = create_access_token(identity=str(user.id), expires_delta=False,
                                      additional_claims={"ver": user.token_version})
    assert "exp" not in pyjwt.decode(forever, options={"verify_signature": False})
    response = client.get("/api/v1/auth/me", headers=_bearer(forever))
    assert response.status_code == 401


def test_a_normal_token_still_works(client, app):
    user = UserFactory()
    with app.app_context():
        token = create_access_token(identity=str(user.id), expires_delta=timedelta(minutes=5),
                                    additional_claims={"ver": user.token_version})
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
