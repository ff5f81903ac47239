"""Every companies/users endpoint × every role × own/other tenant: expected status, zero foreign rows."""
import pytest

from tests.factories import CompanyFactory, UserFactory, auth_headers

OWN, OTHER = "own", "other"
ROLES = ("superadmin", "admin", "manager", "shopper")
FOREIGN_MARKERS = ("OTHER-TENANT", "@other.test")


@pytest.fixture
def world(db_session):
    own = CompanyFactory(name="Own Co")
    other = CompanyFactory(name="OTHER-TENANT Co", email="boss@other.test")
    actors = {
        "superadmin": UserFactory(superadmin=True),
        "admin": UserFactory(admin=True, company=own),
        "manager": UserFactory(manager=True, company=own),
        "shopper": UserFactory(company=own),
    }
    targets = {OWN: UserFactory(company=own), OTHER: UserFactory(company=other, email="target@other.test")}
    UserFactory(company=other, admin=True, email="admin@other.test")
    return {"companies": {OWN: own, OTHER: other}, "actors": actors, "targets": targets}


def _new_user_body(world, tenant):
    return {"first_name": "New", "last_name": "User", "email": f"new-{tenant}@example.test",
            "password": "long-enough-1", "company_id": world["companies"][tenant].id}


# (method, path template, body builder, {role: {tenant: status}})
MATRIX = [
    ("GET", "/api/v1/companies", None,
     {"superadmin": 200, "admin": 403, "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/companies", lambda w, t: {"name": "Fresh Co"},
     {"superadmin": 201, "admin": 403, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/companies/{company}", None,
     {"superadmin": {OWN: 200, OTHER: 200}, "admin": {OWN: 200, OTHER: 404}, "manager": 403, "shopper": 403}),
    ("PUT", "/api/v1/companies/{company}", lambda w, t: {"phone": "809-555-0101"},
     {"superadmin": {OWN: 200, OTHER: 200}, "admin": {OWN: 200, OTHER: 404}, "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/companies/{company}/invite-code", None,
     {"superadmin": {OWN: 200, OTHER: 200}, "admin": {OWN: 200, OTHER: 404}, "manager": 403, "shopper": 403}),
    ("DELETE", "/api/v1/companies/{company}", None,
     {"superadmin": {OWN: 204, OTHER: 204}, "admin": 403, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/users", None,
     {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("POST", "/api/v1/users", _new_user_body,
     {"superadmin": {OWN: 201, OTHER: 201}, "admin": {OWN: 201, OTHER: 422}, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/users/{user}", None,
     {"superadmin": {OWN: 200, OTHER: 200}, "admin": {OWN: 200, OTHER: 404},
      "manager": {OWN: 200, OTHER: 404}, "shopper": 403}),
    ("PUT", "/api/v1/users/{user}", lambda w, t: {"first_name": "Renamed"},
     {"superadmin": {OWN: 200, OTHER: 200}, "admin": {OWN: 200, OTHER: 404}, "manager": 403, "shopper": 403}),
    ("DELETE", "/api/v1/users/{user}", None,
     {"superadmin": {OWN: 204, OTHER: 204}, "admin": {OWN: 204, OTHER: 404}, "manager": 403, "shopper": 403}),
]


def _cases():
    for method, path, body, expected in MATRIX:
        for role in ROLES:
            by_tenant = expected[role]
            for tenant in (OWN, OTHER):
                status = by_tenant[tenant] if isinstance(by_tenant, dict) else by_tenant
                yield pytest.param(method, path, body, role, tenant, status, id=f"{method} {path} {role} {tenant}")


@pytest.mark.parametrize("method,path,body,role,tenant,status", list(_cases()))
def test_tenant_and_role_matrix(client, world, method, path, body, role, tenant, status):
    url = path.format(company=world["companies"][tenant].id, user=world["targets"][tenant].id)
    response = client.open(
        url, method=method, headers=auth_headers(world["actors"][role]),
        json=body(world, tenant) if body else None,
    )
    assert response.status_code == status, response.get_json()
    if role != "superadmin":
        text = response.get_data(as_text=True)
        assert not any(marker in text for marker in FOREIGN_MARKERS)
        assert f'"company_id": {world["companies"][OTHER].id}' not in text.replace('":', '": ')
