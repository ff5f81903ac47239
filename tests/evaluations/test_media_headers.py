"""Serving a recording: the type the server probed, inline only when browsers play it, never sniffed."""
import io

from siete.core.storage import get_storage
from siete.extensions import db
from siete.users.models import User
from tests.factories import EvaluationFactory, UserFactory, auth_headers
from tests.fakes.media import fixture_path

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42 the recording"


def _stored(app, key_suffix, declared):
    evaluation = EvaluationFactory(media_content_type=declared, media_filename=f"visita.{key_suffix}")
    evaluation.media_key = f"companies/{evaluation.company_id}/evaluations/x{evaluation.id}.{key_suffix}"
    with app.app_context():
        get_storage().save(evaluation.media_key, io.BytesIO(MP4_HEAD))
    return evaluation


def test_a_playable_recording_is_served_inline_with_the_probed_type(client, app, db_session):
    evaluation = _stored(app, "mp4", declared="text/html")  # whatever the client declared at upload
    db_session.flush()
    response = client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers=auth_headers(db.session.get(User, evaluation.user_id)))
    assert response.status_code == 200
    assert response.mimetype == "video/mp4"
    assert not response.headers.get("Content-Disposition", "").startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_recording_browsers_do_not_play_is_a_download(client, app, db_session):
    evaluation = _stored(app, "avi", declared="video/x-msvideo")
    db_session.flush()
    response = client.get(f"/api/v1/evaluations/{evaluation.id}/media", headers=auth_headers(db.session.get(User, evaluation.user_id)))
    assert response.status_code == 200
    assert response.mimetype == "video/x-msvideo"
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_every_api_answer_forbids_sniffing_and_hsts_comes_only_over_tls(client):
    plain = client.get("/api/v1/auth/me")
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/health", base_url="https://siete.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_an_upload_stores_the_probed_type_not_the_declared_one(client, app):
    from tests.factories import (
        CampaignFactory, CampaignUserFactory, CampaignZoneFactory, UserZoneFactory, ZoneFactory,
    )

    shopper = UserFactory()
    zone = ZoneFactory(company=shopper.company)
    campaign = CampaignFactory(company=shopper.company)
    CampaignZoneFactory(company=shopper.company, campaign=campaign, zone=zone)
    CampaignUserFactory(company=shopper.company, campaign=campaign, user=shopper)
    UserZoneFactory(company=shopper.company, user=shopper, zone=zone)
    data = {"campaign_id": str(campaign.id), "zone_id": str(zone.id),
            "video": (io.BytesIO(fixture_path("good_service").read_bytes()), "visita.mp4", "application/octet-stream")}
    response = client.post("/api/v1/evaluations", headers=auth_headers(shopper), data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    media = client.get(f"/api/v1/evaluations/{response.get_json()['id']}/media", headers=auth_headers(shopper))
    assert media.mimetype == "video/mp4"
