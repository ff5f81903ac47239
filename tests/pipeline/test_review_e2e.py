"""Issue 15 end to end with a real worker: fixture video → in_review (hidden from the client and its dashboard) →
override with a reason → published → disputed → resolved, with the notifications of each step."""
import pytest
from sqlalchemy import select, text

from siete.core import tenancy
from siete.dashboard import rollups
from siete.extensions import db
from siete.notifications.models import Notification
from tests.factories import UserFactory, auth_headers
from tests.pipeline.helpers import notifications_of, submit, tenant

pytestmark = pytest.mark.slow


def _events(user):
    with tenancy.system_scope():
        return [n.event for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                                    .order_by(Notification.id))]


def _dashboard_matches_sql(client, world):
    """The admin's dashboard IRD equals the SQL average over published analyses; returns (average, published)."""
    with tenancy.system_scope():
        rollups.rebuild()
        db.session.commit()
        average, published = db.session.execute(text(
            "SELECT ROUND(AVG((a.operative_view->'IRD'->>'score')::numeric), 2), COUNT(*) FROM evaluation_analysis a"
            " WHERE a.company_id = :c AND a.published_at IS NOT NULL"), {"c": world["company"].id}).one()
    kpis = client.get("/api/v1/dashboard", headers=auth_headers(world["admin"])).get_json()["kpis"]
    assert kpis["IRD"] == (float(average) if average is not None else None)
    return average, published


def test_review_publication_and_dispute_end_to_end(e2e):
    world = tenant()
    world["company"].review_required = True
    reviewer = UserFactory(superadmin=True)
    db.session.commit()
    evaluation_id = submit(world, "good_service")
    with e2e.worker(concurrency=2):
        rows = e2e.wait_settled([evaluation_id])
    evaluation = rows[evaluation_id]
    assert evaluation.status == "in_review", (evaluation.error_code, evaluation.error_message)
    notes = notifications_of(evaluation_id)
    assert notes[("evaluation.in_review", world["shopper"].id)] == 1
    assert notes[("review.pending", reviewer.id)] == 1
    assert not any(event == "analysis.ready" for event, _ in notes)

    client, admin, as_reviewer = e2e.app.test_client(), auth_headers(world["admin"]), auth_headers(reviewer)
    assert client.get(f"/api/v1/evaluation-analysis/{evaluation_id}", headers=admin).status_code == 404
    assert _dashboard_matches_sql(client, world) == (None, 0)
    queue = client.get("/api/v1/reviews", headers=as_reviewer).get_json()
    assert [item["id"] for item in queue] == [evaluation_id]

    analysis = client.get(f"/api/v1/evaluation-analysis/{evaluation_id}", headers=as_reviewer).get_json()
    assert analysis["operative_view"]["calidad_basica"]["valor_agregado"] is True
    overridden = client.post(f"/api/v1/evaluation-analysis/{evaluation_id}/overrides", headers=as_reviewer,
                             json={"target": "check:valor_agregado", "value": False,
                                   "reason": "El consejo fue genérico, no agrega valor"})
    assert overridden.status_code == 200, overridden.get_json()
    published = client.post(f"/api/v1/evaluations/{evaluation_id}/publish", headers=as_reviewer, json={})
    assert published.status_code == 200, published.get_json()

    seen = client.get(f"/api/v1/evaluation-analysis/{evaluation_id}", headers=admin).get_json()
    assert seen["operative_view"]["calidad_basica"]["valor_agregado"] is False
    [adjustment] = seen["adjustments"]
    assert (adjustment["ai_value"], adjustment["human_value"], adjustment["user_id"]) == (True, False, reviewer.id)
    notes = notifications_of(evaluation_id)
    assert notes[("evaluation.completed", world["shopper"].id)] == 1
    assert notes[("analysis.ready", world["admin"].id)] == 1 and notes[("analysis.ready", world["manager"].id)] == 1
    assert _dashboard_matches_sql(client, world)[1] == 1

    opened = client.post("/api/v1/disputes", headers=admin, json={
        "evaluation_id": evaluation_id, "target": "check:valor_agregado",
        "comment": "En el minuto 1 el asesor explica cómo ahorrar comisiones"})
    assert opened.status_code == 201, opened.get_json()
    assert "dispute.opened" in _events(reviewer)
    accepted = client.post(f"/api/v1/disputes/{opened.get_json()['id']}/accept", headers=as_reviewer,
                           json={"reason": "Cierto: el consejo es concreto"})
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert "dispute.accepted" in _events(world["admin"])
    final = client.get(f"/api/v1/evaluation-analysis/{evaluation_id}", headers=admin).get_json()
    assert final["operative_view"]["calidad_basica"]["valor_agregado"] is True
    [adjustment] = final["adjustments"]
    assert (adjustment["ai_value"], adjustment["human_value"]) == (True, True)
    assert adjustment["dispute_id"] == opened.get_json()["id"]
    with tenancy.system_scope():
        actions = set(db.session.scalars(text("SELECT action FROM audit_log")))
    assert {"analysis.overridden", "analysis.published", "dispute.opened", "dispute.accepted"} <= actions
