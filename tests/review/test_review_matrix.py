"""Every review, override, dispute and calibration endpoint × role (and the reviewer permission) × own/other tenant:
expected status and no foreign rows."""
import pytest

from tests.factories import CompanyFactory, UserFactory, auth_headers
from tests.review.helpers import reviewed_tenant

OWN, OTHER = "own", "other"
ROLES = ("superadmin", "reviewer", "admin", "manager", "shopper")
MARK = "OTHER-TENANT"


@pytest.fixture
def world(db_session):
    own, other = CompanyFactory(name="Own Co"), CompanyFactory(name=f"{MARK} Co")
    actors = {
        "superadmin": UserFactory(superadmin=True),
        "reviewer": UserFactory(manager=True, company=own, is_reviewer=True),
        "admin": UserFactory(admin=True, company=own),
        "manager": UserFactory(manager=True, company=own),
        "shopper": UserFactory(company=own),
    }
    rows = {OWN: reviewed_tenant(own, "Own", [actors["reviewer"], actors["manager"]]),
            OTHER: reviewed_tenant(other, MARK)}
    return {"companies": {OWN: own, OTHER: other}, "actors": actors, "rows": rows}


def both(own, other):
    return {OWN: own, OTHER: other}


REVIEWERS_ONLY = {"superadmin": both(200, 200), "reviewer": both(200, 404), "admin": 403, "manager": 403,
                  "shopper": 403}
SUPERADMIN_ONLY = {"superadmin": both(200, 200), "reviewer": 403, "admin": 403, "manager": 403, "shopper": 403}
REASON = {"reason": "Revisé el video completo"}

MATRIX = [
    ("GET", "/api/v1/reviews", None,
     {"superadmin": 200, "reviewer": 200, "admin": 403, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/evaluation-analysis/{pending}", None,
     {"superadmin": both(200, 200), "reviewer": both(200, 404), "admin": both(404, 404),
      "manager": both(404, 404), "shopper": 403}),
    ("GET", "/api/v1/evaluation-analysis/{published}", None,
     {"superadmin": both(200, 200), "reviewer": both(200, 404), "admin": both(200, 404),
      "manager": both(200, 404), "shopper": 403}),
    ("POST", "/api/v1/evaluations/{pending}/publish", lambda w, t: {"note": "ok"}, REVIEWERS_ONLY),
    ("POST", "/api/v1/evaluations/{pending}/send-back", lambda w, t: REASON,
     {**REVIEWERS_ONLY, "superadmin": both(202, 202), "reviewer": both(202, 404)}),
    ("POST", "/api/v1/evaluation-analysis/{pending}/overrides",
     lambda w, t: {"target": "check:saludo", "value": False, **REASON}, REVIEWERS_ONLY),
    ("GET", "/api/v1/disputes", None,
     {"superadmin": 200, "reviewer": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("POST", "/api/v1/disputes",
     lambda w, t: {"evaluation_id": w["rows"][t]["published"].id, "target": "check:cierre", "comment": "No cerró"},
     {"superadmin": 403, "reviewer": both(201, 404), "admin": both(201, 404), "manager": both(201, 404),
      "shopper": 403}),
    ("GET", "/api/v1/disputes/{dispute}", None,
     {"superadmin": both(200, 200), "reviewer": both(200, 404), "admin": both(200, 404), "manager": both(200, 404),
      "shopper": 403}),
    ("POST", "/api/v1/disputes/{dispute}/accept", lambda w, t: REASON, REVIEWERS_ONLY),
    ("POST", "/api/v1/disputes/{dispute}/reject", lambda w, t: REASON, REVIEWERS_ONLY),
    ("GET", "/api/v1/calibration", None,
     {"superadmin": 200, "reviewer": 403, "admin": 200, "manager": 403, "shopper": 403}),
    ("PUT", "/api/v1/companies/{company}/review-policy", lambda w, t: {"review_required": False}, SUPERADMIN_ONLY),
    ("PUT", "/api/v1/users/{manager_of}/reviewer", lambda w, t: {"reviewer": True}, SUPERADMIN_ONLY),
]


def _cases():
    for method, path, body, expected in MATRIX:
        for role in ROLES:
            for tenant in (OWN, OTHER):
                status = expected[role][tenant] if isinstance(expected[role], dict) else expected[role]
                yield pytest.param(method, path, body, role, tenant, status, id=f"{method} {path} {role} {tenant}")


@pytest.mark.parametrize("method,path,body,role,tenant,status", list(_cases()))
def test_review_matrix(client, world, method, path, body, role, tenant, status):
    rows = world["rows"][tenant]
    url = path.format(pending=rows["pending"].id, published=rows["published"].id, dispute=rows["dispute"].id,
                      company=world["companies"][tenant].id, manager_of=rows["admin"].id)
    response = client.open(url, method=method, headers=auth_headers(world["actors"][role]),
                           json=body(world, tenant) if body else None)
    assert response.status_code == status, response.get_json()
    if role != "superadmin":
        text = response.get_data(as_text=True)
        assert MARK not in text
        assert f'"company_id": {world["companies"][OTHER].id}' not in text.replace('":', '": ')
    if role not in ("superadmin", "reviewer"):
        assert "unpublished analysis" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_only_what_the_role_may_see(client, world, role):
    """The queue and the dispute list: a reviewer of one company sees only it; a client never an unpublished one."""
    headers = auth_headers(world["actors"][role])
    if role in ("superadmin", "reviewer"):
        queue = {item["id"] for item in client.get("/api/v1/reviews", headers=headers).get_json()}
        expected = {world["rows"][OWN]["pending"].id}
        if role == "superadmin":
            expected.add(world["rows"][OTHER]["pending"].id)
        assert queue == expected
    if role != "shopper":
        disputes = {d["id"] for d in client.get("/api/v1/disputes", headers=headers).get_json()}
        expected = {world["rows"][OWN]["dispute"].id}
        if role == "superadmin":
            expected.add(world["rows"][OTHER]["dispute"].id)
        assert disputes == expected
