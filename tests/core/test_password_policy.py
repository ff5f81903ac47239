"""Password rules: the common lists, guessable patterns and the account's own email or name are refused."""
import pytest

from siete.core.passwords import password_problem
from tests.factories import UserFactory, auth_headers

WEAK = ["password", "12345678", "        ", "qwertyuiop", "iloveyou1", "aaaaaaaa"]


@pytest.mark.parametrize("password", WEAK)
def test_common_and_guessable_passwords_are_refused(password):
    assert password_problem(password) is not None


def test_passwords_built_from_the_email_or_name_are_refused():
    personal = ("maria.lopez@acme.do", "María", "López")
    assert password_problem("maria.lopez@acme.do", personal) is not None
    assert password_problem("maria.lopez-2026", personal) is not None
    assert password_problem("Tienda-Lopez-77", personal) is not None


@pytest.mark.parametrize("password", ["Verde-Caballo-Nube-19", "mi perro come mangos", "r7#Kq2!vLp"])
def test_reasonable_passwords_pass(password):
    assert password_problem(password, ("maria.lopez@acme.do", "María", "López")) is None


@pytest.mark.parametrize("password", ["password", "12345678", "        "])
def test_admin_create_user_refuses_weak_passwords(client, password):
    admin = UserFactory(admin=True)
    body = {"first_name": "Ana", "last_name": "Pérez", "email": "ana.perez@acme.do", "password": password}
    response = client.post("/api/v1/users", headers=auth_headers(admin), json=body)
    assert response.status_code == 422
    assert "password" in response.get_json()["errors"]["json"]


def test_a_password_equal_to_the_email_is_refused_at_registration(client):
    from tests.factories import CompanyFactory

    company = CompanyFactory(invite_code="INV-POLICY")
    body = {"first_name": "Ana", "last_name": "Pérez", "email": "ana.perez@acme.do", "password": "ana.perez@acme.do",
            "invite_code": "INV-POLICY"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert "password" in response.get_json()["errors"]["json"]
