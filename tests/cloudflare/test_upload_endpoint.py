"""POST /cloudflare/stream/upload: validated like a submission; rows written only after Cloudflare gave a URL."""
import base64

import pytest
from sqlalchemy import func, select

from siete.core import tenancy
from siete.evaluations.models import Evaluation
from siete.surveys.models import SurveyResponse
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    CompanyFactory,
    SurveyFactory,
    UserFactory,
    UserZoneFactory,
    ZoneFactory,
    auth_headers,
)

URL = "/api/v1/cloudflare/stream/upload"
QUESTIONS = [{"id": "nps", "type": "nps", "text": "¿Recomendaría la sucursal?", "required": True}]


@pytest.fixture
def setup(db_session, stream_settings):
    company = CompanyFactory()
    shopper = UserFactory(company=company)
    survey = SurveyFactory(company=company, questions=QUESTIONS)
    campaign = CampaignFactory(company=company, survey_id=survey.id)
    zone = ZoneFactory(company=company)
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    UserZoneFactory(company=company, user=shopper, zone=zone)
    return {"company": company, "shopper": shopper, "campaign": campaign, "zone": zone, "survey": survey,
            "fake": stream_settings}


def _post(client, setup, user=None, **fields):
    body = {"campaign_id": setup["campaign"].id, "zone_id": setup["zone"].id, "answers": {"nps": 9}, **fields}
    return client.post(URL, json=body, headers=auth_headers(user or setup["shopper"]))


def _counts(db_session):
    with tenancy.system_scope():
        return (db_session.scalar(select(func.count()).select_from(Evaluation)),
                db_session.scalar(select(func.count()).select_from(SurveyResponse)))


def _evaluation(db_session, evaluation_id):
    with tenancy.system_scope():
        return db_session.scalars(select(Evaluation).where(Evaluation.id == evaluation_id)
                                  .execution_options(populate_existing=True)).one()


def test_a_shopper_gets_an_upload_url_and_a_pending_evaluation(client, setup, db_session, app):
    response = _post(client, setup, comments="Sucursal centro", filename="../visita.mp4", size_bytes=5_000_000)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["tus"] is False and body["upload_url"] == f"{setup['fake'].origin}/upload/{body['uid']}"
    evaluation = _evaluation(db_session, body["evaluation_id"])
    assert evaluation.stream_uid == body["uid"] and evaluation.media_key is None
    assert (evaluation.status, evaluation.stage, evaluation.started_at) == ("pending", "uploaded", None)
    assert evaluation.user_id == setup["shopper"].id and evaluation.comments == "Sucursal centro"
    assert evaluation.media_filename == "visita.mp4" and evaluation.media_size == 5_000_000
    call, = setup["fake"].calls("direct_upload")
    assert call.body["maxDurationSeconds"] == app.config["MAX_VIDEO_SECONDS"]
    assert call.body["meta"] == {"name": "visita.mp4", "company_id": str(setup["company"].id),
                                 "campaign_id": str(setup["campaign"].id), "zone_id": str(setup["zone"].id),
                                 "user_id": str(setup["shopper"].id)}
    detail = client.get(f"/api/v1/evaluations/{evaluation.id}", headers=auth_headers(setup["shopper"])).get_json()
    assert detail["answers"] == {"nps": 9} and detail["survey_id"] == setup["survey"].id


def test_a_file_over_200_mb_gets_a_tus_upload(client, setup, db_session):
    response = _post(client, setup, size_bytes=1_500_000_000, filename="larga.mp4")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["tus"] is True and body["upload_url"].startswith(f"{setup['fake'].origin}/tus/{body['uid']}")
    call, = setup["fake"].calls("tus")
    assert call.headers["Upload-Length"] == "1500000000"
    assert base64.b64encode(b"larga.mp4").decode() in call.headers["Upload-Metadata"]
    assert setup["fake"].calls("direct_upload") == []
    assert _evaluation(db_session, body["evaluation_id"]).stream_uid == body["uid"]


def test_exactly_200_mb_still_uses_a_basic_upload(client, setup):
    assert _post(client, setup, size_bytes=200_000_000).get_json()["tus"] is False


@pytest.mark.parametrize("change,field", [
    ({"answers": {}}, "answers"),
    ({"answers": {"nps": 11}}, "answers"),
    ({"size_bytes": 0}, "size_bytes"),
    ({"size_bytes": "big"}, "size_bytes"),
    ({"campaign_id": "abc"}, "campaign_id"),
    ({"unexpected": 1}, "unexpected"),
])
def test_invalid_input_is_422_and_cloudflare_is_never_asked(client, setup, db_session, change, field):
    before = _counts(db_session)
    response = _post(client, setup, **change)
    assert response.status_code == 422 and field in response.get_json()["errors"]["json"]
    assert _counts(db_session) == before and setup["fake"].requests == []


def test_a_shopper_not_assigned_to_the_campaign_is_422(client, setup, db_session):
    other = CampaignFactory(company=setup["company"])
    CampaignZoneFactory(company=setup["company"], campaign=other, zone=setup["zone"])
    before = _counts(db_session)
    response = _post(client, setup, campaign_id=other.id, answers={})
    assert response.status_code == 422 and "campaign_id" in response.get_json()["errors"]["json"]
    assert _counts(db_session) == before and setup["fake"].requests == []


def test_a_zone_the_shopper_is_not_assigned_to_is_422(client, setup, db_session):
    zone = ZoneFactory(company=setup["company"])
    CampaignZoneFactory(company=setup["company"], campaign=setup["campaign"], zone=zone)
    response = _post(client, setup, zone_id=zone.id)
    assert response.status_code == 422 and "zone_id" in response.get_json()["errors"]["json"]
    assert setup["fake"].requests == []


def test_cloudflare_unreachable_is_503_and_nothing_is_written(client, setup, db_session, app, monkeypatch,
                                                              closed_port):
    monkeypatch.setitem(app.config, "CLOUDFLARE_API_BASE", f"http://127.0.0.1:{closed_port}/client/v4")
    before = _counts(db_session)
    response = _post(client, setup)
    assert response.status_code == 503 and "Cloudflare Stream is unavailable" in response.get_json()["message"]
    assert _counts(db_session) == before


def test_cloudflare_failing_after_retries_is_503_and_nothing_is_written(client, setup, db_session):
    setup["fake"].queue("direct_upload", "server_error", "unavailable")
    before = _counts(db_session)
    assert _post(client, setup).status_code == 503
    assert len(setup["fake"].calls("direct_upload")) == 2 and _counts(db_session) == before  # one retry only


def test_a_transient_failure_retried_in_time_still_succeeds(client, setup):
    setup["fake"].queue("direct_upload", "rate_limit")
    assert _post(client, setup).status_code == 201


def test_cloudflare_refusing_the_request_is_502_and_nothing_is_written(client, setup, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOUDFLARE_STREAM_TOKEN", "revoked-token")
    before = _counts(db_session)
    response = _post(client, setup)
    assert response.status_code == 502 and _counts(db_session) == before


def test_stream_not_configured_is_503(client, setup, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOUDFLARE_ACCOUNT_ID", None)
    before = _counts(db_session)
    assert _post(client, setup).status_code == 503
    assert _counts(db_session) == before and setup["fake"].requests == []


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_only_shoppers_upload(client, setup, role):
    user = UserFactory(company=setup["company"], **{role: True})
    assert _post(client, setup, user=user).status_code == 403
    assert setup["fake"].requests == []


def test_a_suspended_company_cannot_upload(client, setup, db_session):
    setup["company"].subscription_status = "suspended"
    db_session.commit()
    assert _post(client, setup).status_code == 402
    assert setup["fake"].requests == []


def test_without_a_token_it_is_401(client, setup):
    assert client.post(URL, json={}).status_code == 401
