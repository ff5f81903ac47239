"""Every domain endpoint × every role × own/other tenant: expected status and zero foreign rows."""
import io

import pytest

from siete.core.storage import get_storage
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    CompanyFactory,
    DeliveryFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    NotificationFactory,
    PaymentFactory,
    ReportFactory,
    ReportScheduleFactory,
    ScorecardFactory,
    SurveyFactory,
    UserFactory,
    ZoneFactory,
    auth_headers,
)

OWN, OTHER = "own", "other"
ROLES = ("superadmin", "admin", "manager", "shopper")
MARK = "OTHER-TENANT"


def _tenant(company, marker, actors):
    zone = ZoneFactory(company=company, name=f"{marker} zone")
    survey = SurveyFactory(company=company, name=f"{marker} survey")
    spare = SurveyFactory(company=company, name=f"{marker} spare survey")
    campaign = CampaignFactory(company=company, name=f"{marker} campaign", survey_id=survey.id)
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    for user in actors:
        CampaignUserFactory(company=company, campaign=campaign, user=user)
    shopper = actors[-1] if actors else UserFactory(company=company, first_name=marker)
    evaluation = EvaluationFactory(company=company, campaign=campaign, zone=zone, user=shopper,
                                   comments=f"{marker} evaluation")
    EvaluationAnalysisFactory(company=company, evaluation=evaluation, executive_view=f"{marker} analysis")
    get_storage().save(evaluation.media_key, io.BytesIO(b"\x00\x00\x00\x18ftypmp42 video bytes"))
    PaymentFactory(company=company, reference=f"{marker} payment")
    pending = PaymentFactory(company=company, reference=f"{marker} submitted payment", status="pending")
    requester = actors[0] if actors else UserFactory(company=company, admin=True, first_name=marker)
    report = ReportFactory(company=company, requested_by=requester)
    schedule = ReportScheduleFactory(company=company, created_by=requester, name=f"{marker} schedule")
    delivery = DeliveryFactory(company=company, notification__user=shopper, address=f"{marker.lower()}@mail.test")
    scorecard = ScorecardFactory(company=company, criteria=[{**ScorecardFactory.criteria.function()[0],
                                                             "name": f"{marker} criterion"}])
    return {"scorecard": scorecard,
            "zone": zone, "campaign": campaign, "evaluation": evaluation, "survey": survey, "spare": spare,
            "payment": pending, "report": report, "schedule": schedule, "delivery": delivery, "recipient": shopper}


@pytest.fixture
def world(db_session):
    own, other = CompanyFactory(name="Own Co"), CompanyFactory(name=f"{MARK} Co")
    actors = {
        "superadmin": UserFactory(superadmin=True),
        "admin": UserFactory(admin=True, company=own),
        "manager": UserFactory(manager=True, company=own),
        "shopper": UserFactory(company=own),
    }
    rows = {OWN: _tenant(own, "Own", [actors["manager"], actors["shopper"]]), OTHER: _tenant(other, MARK, [])}
    stranger = UserFactory(company=other, first_name=MARK)
    notes = {role: NotificationFactory(user=user, company=user.company, title="mine") for role, user in actors.items()}
    foreign_note = NotificationFactory(user=stranger, company=other, title=f"{MARK} note")
    return {"companies": {OWN: own, OTHER: other}, "actors": actors, "rows": rows, "notes": notes,
            "foreign_note": foreign_note}


def both(status_own, status_other):
    return {OWN: status_own, OTHER: status_other}


SUPER_ADMIN_ONLY_WRITE = {"superadmin": both(200, 200), "admin": both(200, 404), "manager": 403, "shopper": 403}
SUPER_ADMIN_DELETE = {"superadmin": both(204, 204), "admin": both(204, 404), "manager": 403, "shopper": 403}
STAFF_READ = {"superadmin": both(200, 200), "admin": both(200, 404), "manager": both(200, 404), "shopper": 403}
ALL_READ = {"superadmin": both(200, 200), "admin": both(200, 404), "manager": both(200, 404),
            "shopper": both(200, 404)}
EMPTY_IDS = lambda w, t: {"ids": []}  # noqa: E731
SUPER_ADMIN_ONLY_WRITE_QUERY = {"superadmin": both(200, 200), "admin": both(200, 422), "manager": 403, "shopper": 403}

MATRIX = [
    ("GET", "/api/v1/zones", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("GET", "/api/v1/zones/{zone}", None, STAFF_READ),
    ("PUT", "/api/v1/zones/{zone}", lambda w, t: {"city": "Bávaro"}, SUPER_ADMIN_ONLY_WRITE),
    ("DELETE", "/api/v1/zones/{zone}", None, SUPER_ADMIN_DELETE),
    ("GET", "/api/v1/zones/{zone}/users", None, STAFF_READ),
    ("PUT", "/api/v1/zones/{zone}/users", EMPTY_IDS, SUPER_ADMIN_ONLY_WRITE),
    ("POST", "/api/v1/zones", lambda w, t: {"name": "N", "country": "DO", "state": "S",
                                           "company_id": w["companies"][t].id},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/campaigns", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("GET", "/api/v1/campaigns/{campaign}", None, ALL_READ),
    ("PUT", "/api/v1/campaigns/{campaign}", lambda w, t: {"goal": 99}, SUPER_ADMIN_ONLY_WRITE),
    ("DELETE", "/api/v1/campaigns/{campaign}", None, SUPER_ADMIN_DELETE),
    ("GET", "/api/v1/campaigns/{campaign}/users", None, STAFF_READ),
    ("PUT", "/api/v1/campaigns/{campaign}/users", EMPTY_IDS, SUPER_ADMIN_ONLY_WRITE),
    ("GET", "/api/v1/campaigns/{campaign}/zones", None, ALL_READ),
    ("PUT", "/api/v1/campaigns/{campaign}/zones", EMPTY_IDS, SUPER_ADMIN_ONLY_WRITE),
    ("POST", "/api/v1/campaigns", lambda w, t: {"name": "N", "start_date": "2026-01-01", "end_date": "2026-12-31",
                                               "company_id": w["companies"][t].id},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/evaluations", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("GET", "/api/v1/evaluations/{evaluation}", None, ALL_READ),
    ("PUT", "/api/v1/evaluations/{evaluation}", lambda w, t: {"comments": "x"},
     {"superadmin": both(200, 200), "admin": both(200, 404), "manager": 403, "shopper": both(200, 404)}),
    ("DELETE", "/api/v1/evaluations/{evaluation}", None, SUPER_ADMIN_DELETE),
    ("GET", "/api/v1/evaluation-analysis/{evaluation}", None, STAFF_READ),
    ("GET", "/api/v1/surveys", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("GET", "/api/v1/surveys/{survey}", None, ALL_READ),
    ("PUT", "/api/v1/surveys/{survey}", lambda w, t: {"name": "Renamed"}, SUPER_ADMIN_ONLY_WRITE),
    ("DELETE", "/api/v1/surveys/{spare}", None, SUPER_ADMIN_DELETE),
    ("GET", "/api/v1/surveys/{survey}/results", None, STAFF_READ),
    ("POST", "/api/v1/surveys", lambda w, t: {"name": "N", "company_id": w["companies"][t].id,
                                             "questions": [{"type": "yes_no", "text": "¿Saludó?"}]},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/payments", None, {"superadmin": 200, "admin": 200, "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/payments", lambda w, t: {"amount": "10.00", "period_start": "2026-01-01",
                                              "period_end": "2026-01-31", "method": "card",
                                              "company_id": w["companies"][t].id},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/payments/{payment}/confirm", None,
     {"superadmin": both(200, 200), "admin": 403, "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/payments/{payment}/reject", lambda w, t: {"note": "No transfer received"},
     {"superadmin": both(200, 200), "admin": 403, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/audit-log", None, {"superadmin": 200, "admin": 200, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/dashboard", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("GET", "/api/v1/dashboard/trends", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("GET", "/api/v1/prompts", None, {"superadmin": 200, "admin": 200, "manager": 403, "shopper": 403}),
    ("POST", "/api/v1/prompts", lambda w, t: {"content": "Analiza la visita con foco en ventas cruzadas.",
                                             "company_id": w["companies"][t].id},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/scorecards", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("GET", "/api/v1/scorecards/{scorecard}", None, STAFF_READ),
    ("GET", "/api/v1/scorecards/effective?company_id={company}", None,
     {"superadmin": both(200, 200), "admin": both(200, 422), "manager": both(200, 422), "shopper": 403}),
    ("PUT", "/api/v1/scorecards/{scorecard}", lambda w, t: {"is_active": True}, SUPER_ADMIN_ONLY_WRITE),
    ("POST", "/api/v1/scorecards", lambda w, t: {"company_id": w["companies"][t].id, "criteria": [
        {"key": "despedida", "name": "Despedida", "description": "Se despide por el nombre del cliente"}]},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/companies/{company}/vocabulary", None, SUPER_ADMIN_ONLY_WRITE),
    ("PUT", "/api/v1/companies/{company}/vocabulary", lambda w, t: {"terms": ["Tarjeta Oro", "Cuenta Nómina"]},
     SUPER_ADMIN_ONLY_WRITE),
    ("GET", "/api/v1/evaluations/{evaluation}/media", None, ALL_READ),
    ("POST", "/api/v1/evaluations/{evaluation}/reprocess", None,
     {"superadmin": both(202, 202), "admin": both(202, 404), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/notifications", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("PUT", "/api/v1/notifications/{note}/read", None,
     {"superadmin": both(200, 404), "admin": both(200, 404), "manager": both(200, 404), "shopper": both(200, 404)}),
    ("PUT", "/api/v1/notifications/read-all", None,
     {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("GET", "/api/v1/reports", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 403}),
    ("GET", "/api/v1/reports/{report}", None, STAFF_READ),  # own: requested by the manager
    ("POST", "/api/v1/reports", lambda w, t: {"kind": "evaluations_csv", "company_id": w["companies"][t].id},
     {"superadmin": both(202, 202), "admin": both(202, 422), "manager": both(202, 422), "shopper": 403}),
    ("GET", "/api/v1/reports/schedules", None, {"superadmin": 200, "admin": 200, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/reports/schedules/{schedule}", None, SUPER_ADMIN_ONLY_WRITE),
    ("DELETE", "/api/v1/reports/schedules/{schedule}", None, SUPER_ADMIN_DELETE),
    ("POST", "/api/v1/reports/schedules", lambda w, t: {
        "name": "Semanal", "kind": "evaluations_xlsx", "frequency": "weekly", "company_id": w["companies"][t].id,
        "recipient_ids": [w["rows"][t]["recipient"].id]},
     {"superadmin": both(201, 201), "admin": both(201, 422), "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/deliveries", None, {"superadmin": 200, "admin": 200, "manager": 403, "shopper": 403}),
    ("GET", "/api/v1/deliveries/{delivery}", None, SUPER_ADMIN_ONLY_WRITE),
    ("GET", "/api/v1/deliveries/preferences", None, {"superadmin": 200, "admin": 200, "manager": 200, "shopper": 200}),
    ("PUT", "/api/v1/deliveries/preferences", lambda w, t: {"preferences": [{"event": "analysis.ready", "sms": True}]},
     {"superadmin": 422, "admin": 200, "manager": 200, "shopper": 200}),
    ("GET", "/api/v1/deliveries/company-defaults?company_id={company}", None, SUPER_ADMIN_ONLY_WRITE_QUERY),
    ("PUT", "/api/v1/deliveries/company-defaults?company_id={company}",
     lambda w, t: {"preferences": [{"event": "evaluation.failed", "sms": True}]}, SUPER_ADMIN_ONLY_WRITE_QUERY),
]


def _cases():
    cases = []
    for method, path, body, expected in MATRIX:
        for role in ROLES:
            for tenant in (OWN, OTHER):
                status = expected[role][tenant] if isinstance(expected[role], dict) else expected[role]
                cases.append(pytest.param(method, path, body, role, tenant, status,
                                          id=f"{method} {path} {role} {tenant}"))
    return cases


def _url(path, world, role, tenant):
    rows = world["rows"][tenant]
    note = world["notes"][role] if tenant == OWN else world["foreign_note"]
    return path.format(zone=rows["zone"].id, campaign=rows["campaign"].id, evaluation=rows["evaluation"].id,
                       survey=rows["survey"].id, spare=rows["spare"].id, note=note.id,
                       payment=rows["payment"].id, report=rows["report"].id, schedule=rows["schedule"].id,
                       delivery=rows["delivery"].id, company=world["companies"][tenant].id,
                       scorecard=rows["scorecard"].id)


@pytest.mark.parametrize("method,path,body,role,tenant,status", _cases())
def test_domain_tenant_and_role_matrix(client, world, method, path, body, role, tenant, status):
    response = client.open(_url(path, world, role, tenant), method=method,
                           headers=auth_headers(world["actors"][role]),
                           json=body(world, tenant) if body else None)
    assert response.status_code == status, response.get_json()
    if role != "superadmin" or "notifications" in path:
        assert MARK not in response.get_data(as_text=True)
