"""Calibration: AI-vs-human agreement and Cohen's kappa equal a direct SQL computation on the stored verdicts."""
from datetime import date

import pytest
from sqlalchemy import text

from siete.core import tenancy
from siete.extensions import db
from siete.review.calibration import cohen_kappa
from tests.factories import CompanyFactory, EvaluationAnalysisFactory, EvaluationFactory, UserFactory, auth_headers
from tests.review.helpers import operative_view

# (AI said the employee greeted, the reviewer's verdict): 4 both yes, 1 AI only, 2 human only, 3 both no.
HAND_MADE = [(True, True)] * 4 + [(True, False)] + [(False, True)] * 2 + [(False, False)] * 3


def test_kappa_on_a_hand_made_case():
    # observed 0.7; chance 0.5 × 0.6 + 0.5 × 0.4 = 0.5; kappa (0.7 − 0.5) / (1 − 0.5) = 0.4
    assert cohen_kappa(4, 1, 2, 3) == 0.4
    assert cohen_kappa(5, 0, 0, 0) is None  # both raters always yes: chance agreement is total
    assert cohen_kappa(0, 0, 0, 0) is None
    assert cohen_kappa(0, 5, 5, 0) == -1.0


@pytest.fixture
def reviewed(db_session):
    """Ten reviewed analyses whose saludo verdicts are HAND_MADE, and one unreviewed with a corrected oferta."""
    company = CompanyFactory()
    reviewer = UserFactory(superadmin=True)
    for index, (ai, human) in enumerate(HAND_MADE):
        evaluation = EvaluationFactory(company=company, status="completed")
        analysis = EvaluationAnalysisFactory(company=company, evaluation=evaluation, published_by=reviewer.id,
                                             operative_view=operative_view(saludo=human), model="m-1",
                                             prompt_version="builtin-v3" if index % 2 else "custom-2")
        if ai != human:
            db.session.execute(text(
                "INSERT INTO analysis_overrides (company_id, analysis_id, evaluation_id, target, ai_value, human_value,"
                " reason, user_id, created_at, updated_at) VALUES (:c, :a, :e, 'check:saludo', :ai, :h, 'r', :u,"
                " now(), now())"), {"c": company.id, "a": analysis.id, "e": evaluation.id, "u": reviewer.id,
                                    "ai": f'{{"value": {str(ai).lower()}}}', "h": f'{{"value": {str(human).lower()}}}'})
    unreviewed = EvaluationFactory(company=company, status="completed")
    analysis = EvaluationAnalysisFactory(company=company, evaluation=unreviewed, operative_view=operative_view(
        oferta=False), model="m-1", prompt_version="builtin-v3")
    db.session.execute(text(
        "INSERT INTO analysis_overrides (company_id, analysis_id, evaluation_id, target, ai_value, human_value, reason,"
        " user_id, created_at, updated_at) VALUES (:c, :a, :e, 'check:oferta', '{\"value\": true}', "
        "'{\"value\": false}', 'disputa', :u, now(), now())"),
        {"c": company.id, "a": analysis.id, "e": unreviewed.id, "u": reviewer.id})
    EvaluationAnalysisFactory(company=company, evaluation=EvaluationFactory(company=company, status="completed"),
                              operative_view=operative_view(), model="m-1")  # nobody looked: not counted
    db.session.commit()
    return {"company": company, "admin": UserFactory(admin=True, company=company)}


DIRECT_SQL = """
WITH verdicts AS (
  SELECT a.id, a.prompt_version, t.key AS target,
         (a.operative_view->'calidad_basica'->>t.key)::boolean AS human,
         COALESCE((o.ai_value->>'value')::boolean, (a.operative_view->'calidad_basica'->>t.key)::boolean) AS ai,
         a.published_by, o.id AS override_id
  FROM evaluation_analysis a
  CROSS JOIN LATERAL jsonb_each(a.operative_view->'calidad_basica') t
  LEFT JOIN analysis_overrides o ON o.analysis_id = a.id AND o.target = 'check:' || t.key AND o.deleted_at IS NULL
  WHERE a.company_id = :c AND a.published_at IS NOT NULL
)
SELECT 'check:' || target, prompt_version, COUNT(*), COUNT(*) FILTER (WHERE ai = human),
       COUNT(*) FILTER (WHERE ai), COUNT(*) FILTER (WHERE human)
FROM verdicts WHERE published_by IS NOT NULL OR override_id IS NOT NULL
GROUP BY target, prompt_version
"""


def test_calibration_equals_a_direct_sql_computation(client, reviewed):
    with tenancy.system_scope():
        expected = {(target, version): (n, agreed, ai_yes, human_yes) for target, version, n, agreed, ai_yes, human_yes
                    in db.session.execute(text(DIRECT_SQL), {"c": reviewed["company"].id})}
    response = client.get("/api/v1/calibration", headers=auth_headers(reviewed["admin"]))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    got = {(g["target"], g["prompt_version"]): (g["reviewed"], g["agreed"], g["ai_yes"], g["human_yes"])
           for g in body["groups"]}
    assert got == expected
    assert body["reviewed_analyses"] == 11
    assert got[("check:oferta", "builtin-v3")] == (1 + 5, 5, 6, 5)  # the corrected oferta counts; the rest agree
    by_version = {g["prompt_version"]: g for g in body["groups"] if g["target"] == "check:saludo"}
    both = [by_version["builtin-v3"], by_version["custom-2"]]
    assert sum(g["reviewed"] for g in both) == 10 and sum(g["agreed"] for g in both) == 7


def test_the_hand_made_case_gives_its_kappa_through_the_endpoint(client, reviewed):
    with tenancy.system_scope():
        db.session.execute(text("UPDATE evaluation_analysis SET prompt_version = 'one' WHERE company_id = :c"),
                           {"c": reviewed["company"].id})
        db.session.commit()
    body = client.get("/api/v1/calibration", headers=auth_headers(reviewed["admin"])).get_json()
    [saludo] = [g for g in body["groups"] if g["target"] == "check:saludo"]
    assert (saludo["reviewed"], saludo["agreed"], saludo["agreement"], saludo["kappa"]) == (10, 7, 0.7, 0.4)
    assert (saludo["provider"], saludo["model"]) == ("heuristic", "m-1")


def test_the_date_range_and_other_tenants_bound_it(client, reviewed):
    admin = auth_headers(reviewed["admin"])
    assert client.get("/api/v1/calibration?date_to=2001-01-01", headers=admin).get_json()["groups"] == []
    other_admin = auth_headers(UserFactory(admin=True, company=CompanyFactory()))
    assert client.get("/api/v1/calibration", headers=other_admin).get_json()["reviewed_analyses"] == 0
    superadmin = auth_headers(UserFactory(superadmin=True))
    scoped = client.get(f"/api/v1/calibration?company_id={reviewed['company'].id}&date_from={date.today()}",
                        headers=superadmin).get_json()
    assert scoped["reviewed_analyses"] == 11
    bad = client.get("/api/v1/calibration?date_from=2026-05-01&date_to=2026-04-01", headers=admin)
    assert bad.status_code == 422
