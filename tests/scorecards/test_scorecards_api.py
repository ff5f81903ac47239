"""Scorecards API: versions like prompts, one active, field errors, campaign scoping, roles, mass assignment, audit."""
import pytest
from sqlalchemy import select

from siete.audit.models import AuditEntry
from siete.core import tenancy
from siete.scorecards.models import Scorecard
from tests.factories import CampaignFactory, CompanyFactory, UserFactory, auth_headers

SEGURO = {"key": "ofrece_seguro", "name": "Ofrece el seguro", "description": "El asesor ofrece el seguro de pagos",
          "counts": "Mencionar el seguro y su precio", "does_not_count": "Responder solo si el cliente pregunta",
          "examples": ["le ofrezco el seguro de protección"], "weight": 3}


@pytest.fixture
def company(db_session):
    return CompanyFactory()


@pytest.fixture
def admin(company):
    return auth_headers(UserFactory(admin=True, company=company))


def _create(client, headers, **body):
    return client.post("/api/v1/scorecards", headers=headers, json={"criteria": [SEGURO], **body})


def test_admin_creates_a_version_that_becomes_effective(client, company, admin):
    response = _create(client, admin, check_weights={"saludo": 2, "oferta": 0})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["company_id"], body["version"], body["is_active"]) == (company.id, 1, True)
    assert body["label"] == f"company-{company.id}-v1"
    assert body["check_weights"] == {"saludo": 2, "identificacion": 1, "oferta": 0, "cierre": 1, "valor_agregado": 1}
    assert body["criteria"][0] == {**SEGURO, "weight": 3.0, "campaign_ids": []}
    effective = client.get("/api/v1/scorecards/effective", headers=admin).get_json()
    assert effective["source"] == "company" and effective["version"] == f"company-{company.id}-v1"


def test_without_a_scorecard_the_five_checks_weigh_the_same(client, admin):
    effective = client.get("/api/v1/scorecards/effective", headers=admin).get_json()
    assert effective == {"source": "built-in", "version": "basic-v1", "criteria": [], "check_weights": dict.fromkeys(
        ("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), 1.0)}


def test_every_change_is_a_new_version_and_old_ones_can_be_activated(client, company, admin, db_session):
    first = _create(client, admin).get_json()
    second = _create(client, admin, criteria=[{**SEGURO, "weight": 5}]).get_json()
    assert (first["version"], second["version"]) == (1, 2)
    listed = client.get("/api/v1/scorecards", headers=admin).get_json()
    assert [(s["version"], s["is_active"]) for s in listed] == [(2, True), (1, False)]
    assert client.put(f"/api/v1/scorecards/{first['id']}", headers=admin, json={"is_active": True}).status_code == 200
    effective = client.get("/api/v1/scorecards/effective", headers=admin).get_json()
    assert effective["version"] == f"company-{company.id}-v1" and effective["criteria"][0]["weight"] == 3
    with tenancy.system_scope():
        actions = [(e.action, e.entity_id, e.actor_id is not None) for e in db_session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "scorecards").order_by(AuditEntry.id))]
    assert actions == [("scorecard.created", first["id"], True), ("scorecard.activated", first["id"], True),
                       ("scorecard.created", second["id"], True), ("scorecard.activated", second["id"], True),
                       ("scorecard.activated", first["id"], True)]  # no reviewed evaluations: each goes live at once


def test_activation_audit_keeps_the_version_it_replaced(client, admin, db_session):
    first = _create(client, admin).get_json()
    _create(client, admin)
    client.put(f"/api/v1/scorecards/{first['id']}", headers=admin, json={"is_active": True})
    with tenancy.system_scope():
        entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "scorecard.activated")
                                   .order_by(AuditEntry.id.desc())).first()
    assert entry.before == {"version": 2} and entry.after["version"] == 1


@pytest.mark.parametrize("criterion,field", [
    ({**SEGURO, "key": "Con Espacios"}, "key"),
    ({**SEGURO, "key": "saludo"}, "key"),
    ({**SEGURO, "name": ""}, "name"),
    ({k: v for k, v in SEGURO.items() if k != "description"}, "description"),
    ({**SEGURO, "weight": -1}, "weight"),
    ({**SEGURO, "weight": 101}, "weight"),
    ({**SEGURO, "examples": [""]}, "examples"),
    ({**SEGURO, "examples": ["x"] * 21}, "examples"),
    ({**SEGURO, "campaign_ids": [0]}, "campaign_ids"),
])
def test_bad_criteria_get_field_errors(client, admin, criterion, field):
    response = _create(client, admin, criteria=[criterion])
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]["criteria"]["0"]


def test_repeated_keys_and_bad_check_weights_are_refused(client, admin):
    repeated = _create(client, admin, criteria=[SEGURO, SEGURO])
    assert repeated.status_code == 422 and "key" in repeated.get_json()["errors"]["json"]["criteria"]["1"]
    weights = _create(client, admin, check_weights={"saludo": "mucho", "sonrisa": 1})
    errors = weights.get_json()["errors"]["json"]["check_weights"]
    assert weights.status_code == 422 and {"saludo", "sonrisa"} <= set(errors)


def test_criteria_apply_only_to_campaigns_of_the_same_company(client, company, admin):
    own, foreign = CampaignFactory(company=company), CampaignFactory(company=CompanyFactory())
    ok = _create(client, admin, criteria=[{**SEGURO, "campaign_ids": [own.id]}])
    assert ok.status_code == 201 and ok.get_json()["criteria"][0]["campaign_ids"] == [own.id]
    refused = _create(client, admin, criteria=[{**SEGURO, "campaign_ids": [own.id, foreign.id]}])
    assert refused.status_code == 422
    assert str(foreign.id) in refused.get_json()["errors"]["json"]["criteria"]["0"]["campaign_ids"][0]


@pytest.mark.parametrize("field,value", [("version", 99), ("is_active", False), ("created_by_id", 1),
                                         ("id", 12345), ("label", "hacked"), ("source", "company")])
def test_mass_assignment_of_server_owned_fields_is_refused(client, admin, db_session, field, value):
    response = _create(client, admin, **{field: value})
    assert response.status_code == 422 and field in response.get_json()["errors"]["json"]
    with tenancy.system_scope():
        assert db_session.scalars(select(Scorecard)).all() == []


def test_activation_body_sets_nothing_but_activation(client, admin):
    first = _create(client, admin).get_json()
    for body in ({"is_active": False}, {"is_active": True, "version": 7}, {"is_active": True, "criteria": []}):
        assert client.put(f"/api/v1/scorecards/{first['id']}", headers=admin, json=body).status_code == 422


def test_admin_cannot_write_another_company_and_superadmin_must_name_one(client, company, admin):
    other = CompanyFactory()
    assert _create(client, admin, company_id=other.id).status_code == 422
    root = auth_headers(UserFactory(superadmin=True))
    assert "company_id" in _create(client, root).get_json()["errors"]["json"]
    created = _create(client, root, company_id=other.id)
    assert created.status_code == 201 and created.get_json()["company_id"] == other.id
    assert client.get(f"/api/v1/scorecards/{created.get_json()['id']}", headers=admin).status_code == 404
    assert client.get("/api/v1/scorecards", headers=admin).get_json() == []
    assert client.get(f"/api/v1/scorecards/effective?company_id={other.id}", headers=root).get_json()["version"] \
        == f"company-{other.id}-v1"


def test_managers_read_and_shoppers_get_nothing(client, company, admin):
    scorecard = _create(client, admin).get_json()
    manager = auth_headers(UserFactory(manager=True, company=company))
    assert client.get(f"/api/v1/scorecards/{scorecard['id']}", headers=manager).status_code == 200
    assert client.get("/api/v1/scorecards/effective", headers=manager).status_code == 200
    assert _create(client, manager).status_code == 403
    assert client.put(f"/api/v1/scorecards/{scorecard['id']}", headers=manager,
                      json={"is_active": True}).status_code == 403
    shopper = auth_headers(UserFactory(company=company))
    for url in ("/api/v1/scorecards", f"/api/v1/scorecards/{scorecard['id']}", "/api/v1/scorecards/effective"):
        assert client.get(url, headers=shopper).status_code == 403


def test_shopper_scope_reads_no_scorecard_rows(db_session, company):
    from siete.core.roles import Role
    from tests.factories import ScorecardFactory

    ScorecardFactory(company=company)
    shopper = UserFactory(company=company)
    with tenancy.enter(tenancy.Scope(company_id=company.id, user_id=shopper.id, role=Role.SHOPPER)):
        assert db_session.scalars(select(Scorecard)).all() == []
    with tenancy.enter(tenancy.Scope(company_id=company.id, user_id=shopper.id, role=Role.MANAGER)):
        assert len(db_session.scalars(select(Scorecard)).all()) == 1
