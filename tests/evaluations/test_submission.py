"""Evaluation submission: a shopper's video and answers, rejected with a clear 4xx and nothing written."""
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

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

VIDEO = Path(__file__).resolve().parents[1] / "fixtures" / "media" / "good_service.mp4"
QUESTIONS = [
    {"id": "nps", "type": "nps", "text": "¿Recomendaría la sucursal?", "required": True},
    {"id": "atendido", "type": "yes_no", "text": "¿Le atendieron?", "required": True},
    {"id": "comentario", "type": "text", "text": "Comentario", "required": False},
]


@pytest.fixture
def setup(db_session, app):
    company = CompanyFactory()
    shopper = UserFactory(company=company)
    survey = SurveyFactory(company=company, questions=QUESTIONS)
    campaign = CampaignFactory(company=company, survey_id=survey.id)
    zone = ZoneFactory(company=company)
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    UserZoneFactory(company=company, user=shopper, zone=zone)
    return {"company": company, "shopper": shopper, "campaign": campaign, "zone": zone, "survey": survey,
            "media_root": Path(app.config["MEDIA_ROOT"])}


def _post(client, setup, *, video=None, filename="visita.mp4", content_type="video/mp4", **fields):
    form = {"campaign_id": str(setup["campaign"].id), "zone_id": str(setup["zone"].id),
            "answers": '{"nps": 9, "atendido": true}', **fields}
    data = dict(form)
    if video is not False:
        payload = VIDEO.read_bytes() if video is None else video
        data["video"] = (io.BytesIO(payload), filename, content_type)
    return client.post("/api/v1/evaluations", headers=auth_headers(setup["shopper"]), data=data,
                       content_type="multipart/form-data")


def _stored_files(setup):
    root = setup["media_root"] / "companies" / str(setup["company"].id)
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _rows(db_session):
    from siete.core import tenancy

    with tenancy.system_scope():
        return (db_session.scalar(select(func.count()).select_from(Evaluation)),
                db_session.scalar(select(func.count()).select_from(SurveyResponse)))


def test_valid_submission_stores_video_evaluation_and_answers(client, setup, db_session):
    response = _post(client, setup, comments="Buena atención")
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["user_id"] == setup["shopper"].id
    assert body["media_size"] == VIDEO.stat().st_size
    detail = client.get(f"/api/v1/evaluations/{body['id']}", headers=auth_headers(setup["shopper"])).get_json()
    assert detail["answers"] == {"nps": 9, "atendido": True}
    assert detail["survey_id"] == setup["survey"].id
    assert len(_stored_files(setup)) == 1


def _assert_nothing_written(setup, db_session, before):
    assert _rows(db_session) == before
    assert _stored_files(setup) == []


@pytest.mark.parametrize(
    "change,status,field",
    [
        ({"answers": '{"atendido": true}'}, 422, "answers"),
        ({"answers": '{"nps": "diez", "atendido": true}'}, 422, "answers"),
        ({"answers": '{"nps": 11, "atendido": true}'}, 422, "answers"),
        ({"answers": "not json"}, 422, "answers"),
        ({"campaign_id": "abc"}, 422, "campaign_id"),
    ],
)
def test_bad_answers_and_fields_are_422_naming_them(client, setup, db_session, change, status, field):
    before = _rows(db_session)
    response = _post(client, setup, **change)
    assert response.status_code == status
    errors = response.get_json()["errors"]
    assert field in errors.get("json", {}) or field in errors.get("form", {})
    _assert_nothing_written(setup, db_session, before)


def test_missing_required_answer_names_the_question(client, setup):
    errors = _post(client, setup, answers='{"atendido": true}').get_json()["errors"]["json"]
    assert "nps" in errors["answers"]


def test_not_assigned_to_the_campaign(client, setup, db_session):
    before = _rows(db_session)
    other = CampaignFactory(company=setup["company"])
    CampaignZoneFactory(company=setup["company"], campaign=other, zone=setup["zone"])
    response = _post(client, setup, campaign_id=str(other.id))
    assert response.status_code == 422 and "campaign_id" in response.get_json()["errors"]["json"]
    _assert_nothing_written(setup, db_session, before)


def test_zone_outside_the_campaign(client, setup, db_session):
    before = _rows(db_session)
    elsewhere = ZoneFactory(company=setup["company"])
    UserZoneFactory(company=setup["company"], user=setup["shopper"], zone=elsewhere)
    response = _post(client, setup, zone_id=str(elsewhere.id))
    assert response.status_code == 422 and "zone_id" in response.get_json()["errors"]["json"]
    _assert_nothing_written(setup, db_session, before)


@pytest.mark.parametrize("start,end", [(5, 10), (-10, -1)], ids=["not started", "ended"])
def test_campaign_outside_its_dates(client, setup, db_session, start, end):
    campaign = setup["campaign"]
    campaign.start_date, campaign.end_date = date.today() + timedelta(days=start), date.today() + timedelta(days=end)
    db_session.commit()
    before = _rows(db_session)
    response = _post(client, setup)
    assert response.status_code == 422 and "campaign_id" in response.get_json()["errors"]["json"]
    _assert_nothing_written(setup, db_session, before)


@pytest.mark.parametrize(
    "video,filename,content_type,status",
    [
        (b"", "empty.mp4", "video/mp4", 422),
        (b"hello, I am plain text, not a video at all", "notes.mp4", "video/mp4", 415),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "report.pdf", "application/pdf", 415),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (5 * 1024 * 1024 + 10), "big.mp4", "video/mp4", 413),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (7 * 1024 * 1024), "huge.mp4", "video/mp4", 413),
    ],
    ids=["empty", "not a video", "declared pdf", "over the limit", "over the request limit"],
)
def test_bad_files_are_rejected_and_nothing_is_stored(client, setup, db_session, video, filename, content_type, status):
    before = _rows(db_session)
    response = _post(client, setup, video=video, filename=filename, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["code"] == status
    _assert_nothing_written(setup, db_session, before)


def test_missing_video_is_422(client, setup):
    response = _post(client, setup, video=False)
    assert response.status_code == 422 and "video" in response.get_json()["errors"]["form"]


def test_path_tricks_in_the_file_name_never_reach_the_storage_path(client, setup):
    response = _post(client, setup, filename="../../../../etc/passwd.mp4")
    assert response.status_code == 202
    assert response.get_json()["media_filename"] == "etc_passwd.mp4"
    assert not Path("/etc/passwd.mp4").exists()
    assert all(name.endswith(".mp4") and "passwd" not in name for name in _stored_files(setup))


def test_only_shoppers_submit(client, setup):
    admin = UserFactory(admin=True, company=setup["company"])
    response = client.post("/api/v1/evaluations", headers=auth_headers(admin), data={},
                           content_type="multipart/form-data")
    assert response.status_code == 403


def test_status_and_owner_in_the_form_are_refused_and_nothing_is_written(client, setup, db_session):
    other = UserFactory(company=setup["company"])
    before = _rows(db_session)
    response = _post(client, setup, status="completed", user_id=str(other.id), company_id="1", progress="100")
    assert response.status_code == 422
    assert {"status", "user_id", "company_id", "progress"} <= set(response.get_json()["errors"]["form"])
    _assert_nothing_written(setup, db_session, before)
