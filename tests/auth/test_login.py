"""Login: claims, uniform failures, and brute-force rate limits."""
import jwt as pyjwt
import pytest

from tests.factories import PASSWORD, CompanyFactory, UserFactory


def _login(client, email, password=PASSWORD, **kwargs):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def test_login_returns_tokens_with_seed_claims(client, app):
    user = UserFactory(admin=True, email="ana@example.test")
    response = _login(client, "ANA@example.test")
    assert response.status_code == 200
    body = response.get_json()
    claims = pyjwt.decode(body["access_token"], app.config["JWT_SECRET_KEY"], algorithms=["HS256"])
    assert claims["sub"] == str(user.id)
    assert claims["email"] == "ana@example.test"
    assert claims["role"] == 1
    assert claims["company_id"] == user.company_id
    assert claims["exp"] > claims["iat"]
    assert body["refresh_token"] and body["token_type"] == "bearer"


@pytest.mark.parametrize("email,password", [("ana@example.test", "wrong-password"), ("nobody@example.test", PASSWORD)])
def test_wrong_password_and_unknown_email_get_the_same_401(client, email, password):
    UserFactory(email="ana@example.test")
    response = _login(client, email, password)
    assert response.status_code == 401
    assert response.get_json()["message"] == "Invalid email or password"


def test_deleted_user_and_user_of_deleted_company_cannot_log_in(client, db_session):
    gone = UserFactory(email="gone@example.test")
    gone.soft_delete()
    orphan = UserFactory(email="orphan@example.test", company=CompanyFactory())
    orphan.company.soft_delete()
    db_session.commit()
    assert _login(client, "gone@example.test").status_code == 401
    assert _login(client, "orphan@example.test").status_code == 401


def test_login_validates_body(client):
    response = client.post("/api/v1/auth/login", json={"email": "not-an-email", "password": 5, "x": 1})
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert set(errors) == {"email", "password", "x"}


def test_repeated_failures_for_one_email_are_rate_limited_with_retry_after(client, app):
    UserFactory(email="target@example.test")
    limit = int(app.config["RATELIMIT_LOGIN_PER_EMAIL"].split("/")[0])
    for i in range(limit):
        assert _login(client, "target@example.test", "bad-guess", environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code == 401
    blocked = _login(client, "target@example.test", PASSWORD, environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.get_json()["code"] == 429
    assert _login(client, "other@example.test", "x" * 8).status_code == 401


def test_one_client_is_rate_limited_across_emails(client, app):
    limit = int(app.config["RATELIMIT_LOGIN_PER_CLIENT"].split("/")[0])
    statuses = [_login(client, f"probe{i}@example.test", "bad-guess").status_code for i in range(limit + 1)]
    assert statuses[:limit] == [401] * limit
    assert statuses[-1] == 429


def test_forwarded_for_is_ignored_without_trusted_proxies(client, app):
    limit = int(app.config["RATELIMIT_LOGIN_PER_CLIENT"].split("/")[0])
    statuses = [
        _login(client, f"spoof{i}@example.test", "bad-guess", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
        for i in range(limit + 1)
    ]
    assert statuses[-1] == 429
