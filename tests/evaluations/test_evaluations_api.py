"""Evaluations: who sees which, filters, updates and the analysis read."""
from datetime import datetime, timedelta, timezone

from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CompanyFactory,
    EvaluationAnalysisFactory,
    EvaluationFactory,
    UserFactory,
    auth_headers,
)


def _ids(client, user, query=""):
    return sorted(e["id"] for e in client.get(f"/api/v1/evaluations?{query}", headers=auth_headers(user)).get_json())


def test_shoppers_see_own_managers_their_campaigns_admins_all(client):
    company = CompanyFactory()
    shopper, other_shopper = UserFactory(company=company), UserFactory(company=company)
    manager = UserFactory(manager=True, company=company)
    managed, unmanaged = CampaignFactory(company=company), CampaignFactory(company=company)
    CampaignUserFactory(company=company, campaign=managed, user=manager)
    mine = EvaluationFactory(company=company, campaign=managed, user=shopper)
    theirs = EvaluationFactory(company=company, campaign=unmanaged, user=other_shopper)
    foreign = EvaluationFactory()
    assert _ids(client, shopper) == [mine.id]
    assert _ids(client, manager) == [mine.id]
    assert _ids(client, UserFactory(admin=True, company=company)) == sorted([mine.id, theirs.id])
    assert client.get(f"/api/v1/evaluations/{theirs.id}", headers=auth_headers(shopper)).status_code == 404
    assert client.get(f"/api/v1/evaluations/{foreign.id}", headers=auth_headers(manager)).status_code == 404


def test_filters_by_status_campaign_shopper_and_dates(client, db_session):
    company = CompanyFactory()
    admin = UserFactory(admin=True, company=company)
    done = EvaluationFactory(company=company, status="completed")
    failed = EvaluationFactory(company=company, status="failed")
    failed.created_at = datetime.now(timezone.utc) - timedelta(days=10)
    db_session.commit()
    assert _ids(client, admin, "status=completed") == [done.id]
    assert _ids(client, admin, f"campaign_id={failed.campaign_id}") == [failed.id]
    assert _ids(client, admin, f"user_id={done.user_id}") == [done.id]
    since = (datetime.now(timezone.utc) - timedelta(days=2)).date()
    assert _ids(client, admin, f"date_from={since}") == [done.id]
    assert _ids(client, admin, f"date_to={since}") == [failed.id]


def test_shopper_edits_comments_until_analysis_starts(client, db_session):
    evaluation = EvaluationFactory()
    shopper_headers = auth_headers(_user(evaluation))
    response = client.put(f"/api/v1/evaluations/{evaluation.id}", headers=shopper_headers, json={"comments": "corrijo"})
    assert response.status_code == 200 and response.get_json()["comments"] == "corrijo"
    evaluation.status = "analyzing"
    db_session.commit()
    assert client.put(f"/api/v1/evaluations/{evaluation.id}", headers=shopper_headers,
                      json={"comments": "tarde"}).status_code == 409


def test_status_and_owner_cannot_be_set_through_update(client):
    evaluation = EvaluationFactory()
    admin = UserFactory(admin=True, company=_company(evaluation))
    response = client.put(f"/api/v1/evaluations/{evaluation.id}", headers=auth_headers(admin),
                          json={"status": "completed", "user_id": admin.id, "company_id": 1})
    assert response.status_code == 422
    assert {"status", "user_id", "company_id"} <= set(response.get_json()["errors"]["json"])


def test_admin_soft_deletes(client):
    evaluation = EvaluationFactory()
    headers = auth_headers(UserFactory(admin=True, company=_company(evaluation)))
    assert client.delete(f"/api/v1/evaluations/{evaluation.id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/evaluations/{evaluation.id}", headers=headers).status_code == 404


def test_analysis_is_for_staff_only_and_404_before_it_exists(client):
    analysis = EvaluationAnalysisFactory()
    company = _company_by_id(analysis.company_id)
    admin = UserFactory(admin=True, company=company)
    body = client.get(f"/api/v1/evaluation-analysis/{analysis.evaluation_id}", headers=auth_headers(admin)).get_json()
    assert body["operative_view"]["IOC"]["score"] == 60 and body["executive_view"].startswith("## Resumen")
    shopper = UserFactory(company=company)
    assert client.get(f"/api/v1/evaluation-analysis/{analysis.evaluation_id}",
                      headers=auth_headers(shopper)).status_code == 403
    pending = EvaluationFactory(company=company)
    assert client.get(f"/api/v1/evaluation-analysis/{pending.id}", headers=auth_headers(admin)).status_code == 404


def _company_by_id(company_id):
    from siete.companies.models import Company
    from siete.core import tenancy
    from siete.extensions import db

    with tenancy.system_scope():
        return db.session.get(Company, company_id)


def _company(evaluation):
    return _company_by_id(evaluation.company_id)


def _user(evaluation):
    from siete.core import tenancy
    from siete.extensions import db
    from siete.users.models import User

    with tenancy.system_scope():
        return db.session.get(User, evaluation.user_id)


def test_media_streams_the_local_video_to_those_who_can_see_it(client, app):
    import io

    from siete.core.storage import get_storage

    evaluation = EvaluationFactory(media_content_type="video/mp4", media_filename="visita.mp4")
    payload = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    with app.app_context():
        get_storage().save(evaluation.media_key, io.BytesIO(payload))
    owner = auth_headers(_user(evaluation))
    response = client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers=owner)
    assert response.status_code == 200 and response.data == payload
    assert response.headers["Content-Type"] == "video/mp4"
    partial = client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers={**owner, "Range": "bytes=0-15"})
    assert partial.status_code == 206 and partial.data == payload[:16]
    stranger = auth_headers(UserFactory(admin=True))
    assert client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers=stranger).status_code == 404
    colleague = auth_headers(UserFactory(company=_company(evaluation)))
    assert client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers=colleague).status_code == 404


def test_media_redirects_to_a_signed_url_on_s3(client, app, monkeypatch):
    import io
    import urllib.request

    from siete.media.storage import S3Storage
    from tests.fakes.s3 import MotoS3

    evaluation = EvaluationFactory()
    with MotoS3() as s3:
        storage = S3Storage(s3.new_bucket(), endpoint_url=s3.endpoint_url, region="us-east-1", **s3.credentials)
        storage.save(evaluation.media_key, io.BytesIO(b"\x00\x00\x00\x18ftypmp42 the video"))
        monkeypatch.setitem(app.extensions, "siete_storage", storage)
        response = client.get(f"/api/v1/evaluations/{evaluation.id}/media",
                              headers=auth_headers(UserFactory(admin=True, company=_company(evaluation))))
        assert response.status_code == 302
        assert "X-Amz-Signature=" in response.headers["Location"]
        with urllib.request.urlopen(response.headers["Location"], timeout=10) as signed:
            assert signed.read().endswith(b"the video")


def test_reprocess_restarts_a_failed_evaluation_and_refuses_a_completed_one(client, db_session):
    evaluation = EvaluationFactory(status="failed", error_code="ai_unavailable", error_message="x")
    admin = auth_headers(UserFactory(admin=True, company=_company(evaluation)))
    response = client.post("/api/v1/evaluation-analysis", headers=admin, json={"evaluation_id": evaluation.id})
    assert response.status_code == 202
    body = response.get_json()
    assert (body["status"], body["error_code"]) == ("pending", None)
    done = EvaluationFactory(company=_company(evaluation), status="completed")
    assert client.post(f"/api/v1/evaluations/{done.id}/reprocess", headers=admin).status_code == 409
    shopper = auth_headers(_user(evaluation))
    assert client.post(f"/api/v1/evaluations/{evaluation.id}/reprocess", headers=shopper).status_code == 403


def test_analysis_fields_cannot_be_written_through_the_evaluation(client):
    evaluation = EvaluationFactory()
    admin = auth_headers(UserFactory(admin=True, company=_company(evaluation)))
    response = client.put(f"/api/v1/evaluations/{evaluation.id}", headers=admin,
                          json={"operative_view": {"IOC": {"score": 100}}, "executive_view": "hacked",
                                "progress": 100, "error_code": None})
    assert response.status_code == 422
    assert {"operative_view", "executive_view", "progress", "error_code"} <= set(response.get_json()["errors"]["json"])
