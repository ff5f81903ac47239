"""Review before publication, overrides, disputes and the dashboards' published-only figures, through the API."""
import pytest
from sqlalchemy import func, select, text

from siete.audit.models import AuditEntry
from siete.core import tenancy
from siete.dashboard import rollups
from siete.evaluations import lifecycle
from siete.extensions import db
from siete.notifications.models import Notification
from siete.review.models import AnalysisOverride
from tests.factories import CompanyFactory, UserFactory, auth_headers
from tests.review.helpers import reviewed_tenant

REASON = "Revisé el video: el saludo no se escucha"


@pytest.fixture
def company(db_session):
    return CompanyFactory(name="Reviewed Co")


@pytest.fixture
def rows(company):
    return reviewed_tenant(company, "Own")


@pytest.fixture
def reviewer(db_session):
    return UserFactory(superadmin=True)


def _events(user, event):
    with tenancy.system_scope():
        return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                             Notification.event == event)).all()


def _actions(action):
    with tenancy.system_scope():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_an_analysis_in_review_is_absent_for_the_client_until_a_reviewer_overrides_and_publishes_it(
        client, rows, reviewer):
    pending, admin = rows["pending"], auth_headers(rows["admin"])
    assert client.get(f"/api/v1/evaluation-analysis/{pending.id}", headers=admin).status_code == 404
    assert client.get(f"/api/v1/evaluations/{pending.id}", headers=admin).get_json()["status"] == "in_review"
    shopper = auth_headers(rows["shopper"])
    assert client.get(f"/api/v1/evaluations/{pending.id}", headers=shopper).get_json()["status"] == "in_review"

    as_reviewer = auth_headers(reviewer)
    response = client.post(f"/api/v1/evaluation-analysis/{pending.id}/overrides", headers=as_reviewer,
                           json={"target": "check:saludo", "value": False, "reason": REASON})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["operative_view"]["calidad_basica"]["saludo"] is False
    [adjustment] = body["adjustments"]
    assert (adjustment["target"], adjustment["ai_value"], adjustment["human_value"]) == ("check:saludo", True, False)
    assert (adjustment["reason"], adjustment["user_id"]) == (REASON, reviewer.id)
    assert adjustment["reviewer"] == reviewer.full_name
    again = client.post(f"/api/v1/evaluation-analysis/{pending.id}/overrides", headers=as_reviewer,
                        json={"target": "kpi:IRD", "value": 75, "reason": "El cliente amenaza con irse"}).get_json()
    assert again["operative_view"]["IRD"]["score"] == 75
    assert [(a["target"], a["ai_value"]) for a in again["adjustments"]] == [("check:saludo", True), ("kpi:IRD", 20)]

    published = client.post(f"/api/v1/evaluations/{pending.id}/publish", headers=as_reviewer, json={"note": "ok"})
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["published_by"] == reviewer.id
    seen = client.get(f"/api/v1/evaluation-analysis/{pending.id}", headers=admin)
    assert seen.status_code == 200
    assert seen.get_json()["operative_view"]["calidad_basica"]["saludo"] is False
    assert len(seen.get_json()["adjustments"]) == 2
    assert client.get(f"/api/v1/evaluations/{pending.id}", headers=admin).get_json()["status"] == "completed"
    assert _events(rows["shopper"], "evaluation.completed") and _events(rows["admin"], "analysis.ready")
    assert _events(rows["admin"], "analysis.critical")  # the reviewer's IRD 75 is what the client is alerted on
    assert len(_actions("analysis.overridden")) == 2 and len(_actions("analysis.published")) == 1
    again = client.post(f"/api/v1/evaluations/{pending.id}/publish", headers=as_reviewer, json={})
    assert again.status_code == 409


def test_a_reviewer_of_one_company_needs_the_permission_and_cannot_reach_another(client, rows, company):
    manager = UserFactory(admin=True, company=company)
    foreign = reviewed_tenant(CompanyFactory(), "Other")["pending"]
    url = f"/api/v1/evaluations/{rows['pending'].id}/publish"
    assert client.post(url, headers=auth_headers(manager), json={}).status_code == 403
    superadmin = auth_headers(UserFactory(superadmin=True))
    granted = client.put(f"/api/v1/users/{manager.id}/reviewer", headers=superadmin, json={"reviewer": True})
    assert granted.status_code == 200 and granted.get_json()["is_reviewer"] is True
    assert client.post(f"/api/v1/evaluations/{foreign.id}/publish", headers=auth_headers(manager),
                       json={}).status_code == 404
    assert client.post(url, headers=auth_headers(manager), json={}).status_code == 200
    shopper = rows["shopper"]
    refused = client.put(f"/api/v1/users/{shopper.id}/reviewer", headers=superadmin, json={"reviewer": True})
    assert refused.status_code == 422 and "reviewer" in refused.get_json()["errors"]["json"]
    demoted = client.put(f"/api/v1/users/{manager.id}", headers=superadmin, json={"role": 3})  # to shopper
    assert demoted.status_code == 200 and demoted.get_json()["is_reviewer"] is False
    assert len(_actions("user.reviewer_changed")) == 2


def test_send_back_reruns_the_analysis_and_drops_the_overrides(client, rows, reviewer):
    pending, as_reviewer = rows["pending"], auth_headers(reviewer)
    client.post(f"/api/v1/evaluation-analysis/{pending.id}/overrides", headers=as_reviewer,
                json={"target": "check:oferta", "value": False, "reason": REASON})
    assert client.post(f"/api/v1/evaluations/{pending.id}/send-back", headers=as_reviewer,
                       json={"reason": "  "}).status_code == 422
    response = client.post(f"/api/v1/evaluations/{pending.id}/send-back", headers=as_reviewer,
                           json={"reason": "La transcripción confunde a los hablantes"})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "pending"
    with tenancy.system_scope():
        analysis = rows["pending_analysis"]
        db.session.refresh(analysis)
        assert analysis.operative_view is None and analysis.published_at is None
        assert db.session.scalars(select(AnalysisOverride).where(AnalysisOverride.analysis_id == analysis.id)).all() == []
        db.session.refresh(pending)
        assert pending.started_at is not None and pending.status == "pending"  # the chain was queued again
    [entry] = _actions("analysis.sent_back")
    assert entry.after == {"reason": "La transcripción confunde a los hablantes"}
    assert client.post(f"/api/v1/evaluations/{pending.id}/reprocess", headers=auth_headers(rows["admin"])
                       ).status_code == 202


def test_a_dispute_is_raised_by_the_client_and_resolved_by_a_reviewer_each_side_notified(client, rows, reviewer,
                                                                                         company):
    company_reviewer = UserFactory(admin=True, company=company, is_reviewer=True)
    published, admin = rows["published"], auth_headers(rows["admin"])
    body = {"evaluation_id": published.id, "target": "check:cierre", "comment": "Sí se despidió, minuto 2"}
    opened = client.post("/api/v1/disputes", headers=admin, json=body)
    assert opened.status_code == 201, opened.get_json()
    dispute = opened.get_json()
    assert dispute["status"] == "open" and dispute["raised_by"] == rows["admin"].id
    assert client.post("/api/v1/disputes", headers=admin, json=body).status_code == 409
    assert _events(reviewer, "dispute.opened") and _events(company_reviewer, "dispute.opened")

    as_reviewer = auth_headers(company_reviewer)
    accepted = client.post(f"/api/v1/disputes/{dispute['id']}/accept", headers=as_reviewer,
                           json={"reason": "Se escucha la despedida"})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "accepted"
    analysis = client.get(f"/api/v1/evaluation-analysis/{published.id}", headers=admin).get_json()
    assert analysis["operative_view"]["calidad_basica"]["cierre"] is False  # was true: the opposite verdict
    [adjustment] = analysis["adjustments"]
    assert (adjustment["ai_value"], adjustment["human_value"], adjustment["dispute_id"]) == (True, False, dispute["id"])
    [note] = _events(rows["admin"], "dispute.accepted")
    assert note.data["dispute_id"] == dispute["id"]
    assert client.post(f"/api/v1/disputes/{dispute['id']}/reject", headers=as_reviewer,
                       json={"reason": "tarde"}).status_code == 409

    kpi = client.post("/api/v1/disputes", headers=admin,
                      json={"evaluation_id": published.id, "target": "kpi:NPS_inferido", "comment": "Muy bajo"})
    assert kpi.status_code == 201
    needs_value = client.post(f"/api/v1/disputes/{kpi.get_json()['id']}/accept", headers=as_reviewer,
                              json={"reason": "Cliente satisfecho"})
    assert needs_value.status_code == 422 and "value" in needs_value.get_json()["errors"]["json"]
    rejected = client.post(f"/api/v1/disputes/{kpi.get_json()['id']}/reject", headers=as_reviewer,
                           json={"reason": "El cliente dijo que no volvería"})
    assert rejected.status_code == 200 and rejected.get_json()["resolution"] == "El cliente dijo que no volvería"
    assert _events(rows["admin"], "dispute.rejected")
    assert {e.action for e in _actions("dispute.opened") + _actions("dispute.accepted") + _actions("dispute.rejected")
            } == {"dispute.opened", "dispute.accepted", "dispute.rejected"}


@pytest.mark.parametrize("body,field", [
    ({"target": "check:nada", "comment": "abc"}, "target"),
    ({"target": "criterion:inexistente", "comment": "abc"}, "target"),
    ({"target": "check:saludo", "comment": "  "}, "comment"),
    ({"target": "check:saludo", "comment": "abc", "status": "accepted"}, "status"),
    ({"target": "check:saludo", "comment": "abc", "resolved_by": 1}, "resolved_by"),
])
def test_a_bad_dispute_is_a_field_error(client, rows, body, field):
    response = client.post("/api/v1/disputes", headers=auth_headers(rows["admin"]),
                           json={"evaluation_id": rows["published"].id, **body})
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_an_unpublished_analysis_cannot_be_disputed(client, rows):
    response = client.post("/api/v1/disputes", headers=auth_headers(rows["admin"]),
                           json={"evaluation_id": rows["pending"].id, "target": "check:saludo", "comment": "abc"})
    assert response.status_code == 404


@pytest.mark.parametrize("body,field", [
    ({"target": "check:saludo", "value": 1, "reason": REASON}, "value"),
    ({"target": "kpi:IRD", "value": 101, "reason": REASON}, "value"),
    ({"target": "kpi:NPS_inferido", "value": True, "reason": REASON}, "value"),
    ({"target": "check:saludo", "value": False}, "reason"),
    ({"target": "check:saludo", "value": False, "reason": REASON, "ai_value": True}, "ai_value"),
    ({"target": "check:saludo", "value": False, "reason": REASON, "user_id": 1}, "user_id"),
])
def test_a_bad_override_is_a_field_error_and_changes_nothing(client, rows, reviewer, body, field):
    pending = rows["pending"]
    response = client.post(f"/api/v1/evaluation-analysis/{pending.id}/overrides", headers=auth_headers(reviewer),
                           json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]
    with tenancy.system_scope():
        assert db.session.scalar(select(func.count()).select_from(AnalysisOverride)) == 0


@pytest.mark.parametrize("path,body", [
    ("/api/v1/companies/{company}/review-policy", {"review_required": True, "subscription_status": "active"}),
    ("/api/v1/users/{user}/reviewer", {"reviewer": True, "role": 0}),
])
def test_policy_and_permission_writes_take_nothing_else(client, rows, company, path, body):
    url = path.format(company=company.id, user=rows["admin"].id)
    response = client.put(url, headers=auth_headers(UserFactory(superadmin=True)), json=body)
    assert response.status_code == 422
    assert (set(body) - {"review_required", "reviewer"}) <= set(response.get_json()["errors"]["json"])


def test_the_pipeline_end_holds_an_analysis_for_review_only_when_the_company_requires_it(rows, company):
    with tenancy.tenant_scope(company.id):
        for review in (True, False):
            evaluation = rows["published"] if not review else rows["pending"]
            db.session.execute(text("UPDATE evaluations SET status = 'analyzing' WHERE id = :id"),
                               {"id": evaluation.id})
            db.session.execute(text("UPDATE evaluation_analysis SET published_at = NULL WHERE evaluation_id = :id"),
                               {"id": evaluation.id})
            assert lifecycle.complete(evaluation.id, review_required=review)
            status, published_at = db.session.execute(text(
                "SELECT e.status, a.published_at FROM evaluations e JOIN evaluation_analysis a "
                "ON a.evaluation_id = e.id WHERE e.id = :id"), {"id": evaluation.id}).one()
            assert status == ("in_review" if review else "completed")
            assert (published_at is None) is review


def _direct_published_average(company_id):
    """The client's IRD average straight from SQL: published analyses of live evaluations."""
    return db.session.execute(text(
        "SELECT ROUND(AVG((a.operative_view->'IRD'->>'score')::numeric), 2), COUNT(*) FROM evaluation_analysis a "
        "JOIN evaluations e ON e.id = a.evaluation_id WHERE e.company_id = :c AND a.published_at IS NOT NULL "
        "AND a.deleted_at IS NULL AND e.deleted_at IS NULL"), {"c": company_id}).one()


def test_the_dashboard_counts_only_published_analyses(client, rows, company, reviewer):
    with tenancy.system_scope():
        db.session.execute(text("UPDATE evaluation_analysis SET operative_view = jsonb_set(operative_view, "
                                "'{IRD,score}', '90') WHERE id = :id"), {"id": rows["pending_analysis"].id})
        rollups.rebuild()
        average, published = _direct_published_average(company.id)
    admin = auth_headers(rows["admin"])
    before = client.get("/api/v1/dashboard", headers=admin).get_json()
    assert published == 1
    assert before["kpis"]["IRD"] == float(average) == 20.0  # the unpublished IRD 90 is not in it
    assert (before["submitted"], before["completed"]) == (2, 1)
    client.post(f"/api/v1/evaluations/{rows['pending'].id}/publish", headers=auth_headers(reviewer), json={})
    with tenancy.system_scope():
        rollups.rebuild()
        average, published = _direct_published_average(company.id)
    after = client.get("/api/v1/dashboard", headers=admin).get_json()
    assert published == 2
    assert after["kpis"]["IRD"] == float(average) == 55.0
    assert after["completed"] == 2


def test_a_criterion_override_rescores_and_the_queue_puts_contradicted_surveys_first(client, rows, reviewer,
                                                                                      company):
    from tests.factories import EvaluationAnalysisFactory, EvaluationFactory
    from tests.review.helpers import operative_view

    view = operative_view()
    view["criterios"] = {"deriva": {"nombre": "Deriva a otra ventanilla", "cumple": True, "peso": 5.0,
                                    "evidencia": {"cita": "le paso a la ventanilla dos", "inicio": 3.0,
                                                  "hablante": "A"}}}
    flagged = EvaluationFactory(company=company, campaign=rows["campaign"], zone=rows["zone"], user=rows["shopper"],
                                status="in_review")
    EvaluationAnalysisFactory(company=company, evaluation=flagged, published_at=None, operative_view=view,
                              contradiction_count=2)
    as_reviewer = auth_headers(reviewer)
    queue = [item["id"] for item in client.get("/api/v1/reviews", headers=as_reviewer).get_json()]
    assert queue[0] == flagged.id and rows["pending"].id in queue

    response = client.post(f"/api/v1/evaluation-analysis/{flagged.id}/overrides", headers=as_reviewer,
                           json={"target": "criterion:deriva", "value": False, "reason": "No lo derivó"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["operative_view"]["criterios"]["deriva"]["cumple"] is False
    assert body["scorecard_score"] == 50.0  # five checks of weight 1 met, the criterion of weight 5 not
    assert body["contradiction_count"] == 0  # this evaluation's survey verifies nothing: recomputed from it
    missing = client.post(f"/api/v1/evaluation-analysis/{flagged.id}/overrides", headers=as_reviewer,
                          json={"target": "criterion:otro", "value": False, "reason": "No existe"})
    assert missing.status_code == 422 and "target" in missing.get_json()["errors"]["json"]
