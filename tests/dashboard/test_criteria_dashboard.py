"""Per-criterion compliance, its trend and contradictions per shopper: equal to a direct count of the stored views."""
import random
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from siete.analysis.models import EvaluationAnalysis

from siete.core import tenancy
from tests.dashboard.conftest import DAY0, operative_view
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CompanyFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    UserFactory,
    ZoneFactory,
    auth_headers,
)

KEYS = {"ofrece_seguro": "Ofrece el seguro", "despedida": "Despedida con nombre"}


def _world(db_session, rng, n=30):
    company = CompanyFactory()
    campaigns = [CampaignFactory(company=company) for _ in range(2)]
    zone, shoppers = ZoneFactory(company=company), [UserFactory(company=company) for _ in range(3)]
    manager = UserFactory(manager=True, company=company)
    CampaignUserFactory(company=company, campaign=campaigns[0], user=manager)
    rows = []
    for i in range(n):
        evaluation = EvaluationFactory(company=company, campaign=rng.choice(campaigns), zone=zone,
                                       user=rng.choice(shoppers), status="completed")
        evaluation.created_at = DAY0 + timedelta(days=rng.randrange(14))
        view = operative_view(rng)
        view["criterios"] = {key: {"nombre": name, "cumple": rng.choice([True, False, None]), "peso": 1.0,
                                   "evidencia": None} for key, name in KEYS.items() if rng.random() < 0.8}
        contradictions = rng.choice([0, 0, 1, 2])
        view["contradicciones"] = [{"pregunta": "¿Le ofrecieron algo?", "respuesta": True, "objetivo": "check:oferta",
                                    "veredicto": False, "evidencia": None}] * contradictions
        EvaluationAnalysisFactory(company=company, evaluation=evaluation, operative_view=view,
                                  contradiction_count=contradictions)
        rows.append((evaluation, view))
    db_session.commit()
    return {"company": company, "campaigns": campaigns, "shoppers": shoppers, "manager": manager, "rows": rows,
            "admin": UserFactory(admin=True, company=company)}


@pytest.fixture
def worlds(db_session):
    rng = random.Random(11)
    return [_world(db_session, rng), _world(db_session, rng, n=12)]


def _expected(rows, keep=lambda evaluation: True):
    out = {}
    for evaluation, view in rows:
        if not keep(evaluation):
            continue
        for key, verdict in view["criterios"].items():
            acc = out.setdefault(key, {"key": key, "name": KEYS[key], "analyses": 0, "met": 0, "not_met": 0})
            acc["analyses"] += 1
            acc["met"] += verdict["cumple"] is True
            acc["not_met"] += verdict["cumple"] is False
    for acc in out.values():
        acc["evaluated"] = acc["met"] + acc["not_met"]
        acc["compliance"] = round(100.0 * acc["met"] / acc["evaluated"], 1) if acc["evaluated"] else None
    return [out[key] for key in sorted(out)]


def test_admin_sees_compliance_per_criterion_of_own_company_only(client, worlds):
    world = worlds[0]
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["admin"])).get_json()
    assert body["criteria"] == _expected(world["rows"])
    assert sum(c["analyses"] for c in body["criteria"]) < sum(len(v["criterios"]) for w in worlds
                                                              for _, v in w["rows"])


def test_unpublished_analyses_are_left_out(client, db_session, worlds):
    world = worlds[0]
    held = {evaluation.id for evaluation, _ in world["rows"][:5]}
    with tenancy.system_scope():
        db_session.execute(update(EvaluationAnalysis).where(EvaluationAnalysis.evaluation_id.in_(held))
                           .values(published_at=None))
        db_session.commit()
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["admin"])).get_json()
    assert body["criteria"] == _expected(world["rows"], lambda e: e.id not in held)
    assert sum(r["contradictions"] for r in body["contradictions_by_shopper"]) == sum(
        len(v["contradicciones"]) for e, v in world["rows"] if e.id not in held)


def test_compliance_equals_a_direct_sql_count(client, db_session, worlds):
    world = worlds[0]
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["admin"])).get_json()
    with tenancy.system_scope():
        sql = db_session.execute(text(
            "SELECT c.key, count(*) FILTER (WHERE c.value->>'cumple' = 'true'), "
            "count(*) FILTER (WHERE c.value->>'cumple' = 'false') FROM evaluation_analysis a "
            "CROSS JOIN LATERAL jsonb_each(a.operative_view->'criterios') c WHERE a.company_id = :company "
            "AND a.published_at IS NOT NULL "
            "GROUP BY c.key ORDER BY c.key"), {"company": world["company"].id}).all()
    assert [(c["key"], c["met"], c["not_met"]) for c in body["criteria"]] == [tuple(row) for row in sql]


def test_campaign_and_period_filters_apply(client, worlds):
    world = worlds[0]
    campaign = world["campaigns"][1]
    start, end = DAY0.date() + timedelta(days=3), DAY0.date() + timedelta(days=9)
    body = client.get(f"/api/v1/dashboard?campaign_id={campaign.id}&date_from={start}&date_to={end}",
                      headers=auth_headers(world["admin"])).get_json()
    assert body["criteria"] == _expected(world["rows"], lambda e: e.campaign_id == campaign.id
                                         and start <= e.created_at.date() <= end)


def test_manager_sees_only_assigned_campaigns(client, worlds):
    world = worlds[0]
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["manager"])).get_json()
    assert body["criteria"] == _expected(world["rows"], lambda e: e.campaign_id == world["campaigns"][0].id)


def test_weekly_criterion_trend_matches_the_views(client, worlds):
    world = worlds[0]
    body = client.get("/api/v1/dashboard/trends?kpi=criterion&criterion=ofrece_seguro&interval=week",
                      headers=auth_headers(world["admin"])).get_json()
    buckets = {}
    for evaluation, view in world["rows"]:
        verdict = view["criterios"].get("ofrece_seguro", {}).get("cumple")
        if verdict is None:
            continue
        day = evaluation.created_at.date()
        acc = buckets.setdefault(day - timedelta(days=day.weekday()), [0, 0])
        acc[0 if verdict else 1] += 1
    assert body["criterion"] == "ofrece_seguro"
    assert [(p["period"], p["value"], p["count"]) for p in body["series"]] == [
        (str(period), round(100.0 * yes / (yes + no), 1), yes + no) for period, (yes, no) in sorted(buckets.items())]


@pytest.mark.parametrize("query", ["kpi=criterion", "kpi=nps&criterion=ofrece_seguro",
                                   "kpi=criterion&criterion=No%20Valida"])
def test_criterion_trend_needs_a_valid_key(client, worlds, query):
    response = client.get(f"/api/v1/dashboard/trends?{query}", headers=auth_headers(worlds[0]["admin"]))
    assert response.status_code == 422 and "criterion" in response.get_json()["errors"]["query"]


def test_contradictions_are_counted_per_shopper(client, worlds):
    world = worlds[0]
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["admin"])).get_json()
    expected = {}
    for evaluation, view in world["rows"]:
        acc = expected.setdefault(evaluation.user_id, [0, 0, 0])
        acc[0] += 1
        acc[1] += bool(view["contradicciones"])
        acc[2] += len(view["contradicciones"])
    rows = sorted(((-c, uid, a, f) for uid, (a, f, c) in expected.items() if c))
    assert [(r["user_id"], r["analyses"], r["flagged"], r["contradictions"])
            for r in body["contradictions_by_shopper"]] == [(uid, a, f, -c) for c, uid, a, f in rows]
