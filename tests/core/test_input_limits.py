"""Hostile input: oversized bodies are refused before they are read or parsed, unstorable text and absurd values
answer 4xx with field errors, never a 500."""
import io
import json

import pytest

from tests.factories import UserFactory, auth_headers


TWO_MB = 2 * 1024 * 1024  # over the 1 MB default cap, under the test config's 5 MB upload cap


def test_an_anonymous_two_megabyte_login_body_is_refused_unread(client, app):
    assert app.config["MAX_CONTENT_LENGTH"] < TWO_MB < app.config["MAX_UPLOAD_BYTES"]
    body = b'{"email": "a@b.co", "password": "' + b"x" * TWO_MB + b'"}'
    response = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert response.status_code == 413


def test_the_authenticated_upload_still_takes_a_body_over_the_default_cap(client):
    from tests.factories import CampaignFactory, CampaignUserFactory, CampaignZoneFactory, UserZoneFactory, ZoneFactory

    shopper = UserFactory()
    zone = ZoneFactory(company=shopper.company)
    campaign = CampaignFactory(company=shopper.company)
    CampaignZoneFactory(company=shopper.company, campaign=campaign, zone=zone)
    CampaignUserFactory(company=shopper.company, campaign=campaign, user=shopper)
    UserZoneFactory(company=shopper.company, user=shopper, zone=zone)
    video = io.BytesIO(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * TWO_MB)
    response = client.post("/api/v1/evaluations", headers=auth_headers(shopper), content_type="multipart/form-data",
                           data={"campaign_id": str(campaign.id), "zone_id": str(zone.id),
                                 "video": (video, "visita.mp4", "video/mp4")})
    assert response.status_code != 413  # refused for what it is (not a readable video), never for its size


def test_an_anonymous_multipart_upload_is_refused_before_its_body_is_read(client, monkeypatch):
    import werkzeug.formparser

    reads = []
    original = werkzeug.formparser.FormDataParser.parse
    monkeypatch.setattr(werkzeug.formparser.FormDataParser, "parse",
                        lambda self, *a, **k: reads.append(1) or original(self, *a, **k))
    data = {"campaign_id": "1", "zone_id": "1", "video": (io.BytesIO(b"\0" * 2_000_000), "v.mp4", "video/mp4")}
    response = client.post("/api/v1/evaluations", data=data, content_type="multipart/form-data")
    assert response.status_code == 401
    assert reads == []


def test_a_large_body_is_refused_on_a_route_that_is_not_an_upload(client, app):
    admin = UserFactory(admin=True)
    body = {"name": "Z" * 100, "city": "x" * TWO_MB}
    response = client.post("/api/v1/zones", headers=auth_headers(admin), json=body)
    assert response.status_code == 413


def test_a_lone_surrogate_is_a_field_error(client):
    admin = UserFactory(admin=True)
    raw = '{"name": "Zona \\ud800 Norte", "country": "DO"}'
    response = client.post("/api/v1/zones", headers={**auth_headers(admin), "Content-Type": "application/json"},
                           data=raw)
    assert response.status_code == 422
    assert "surrogate" in response.get_json()["errors"]["json"][0]


def test_json_nested_two_thousand_levels_is_a_field_error(client):
    admin = UserFactory(admin=True)
    raw = '{"name": ' + "[" * 2000 + "]" * 2000 + "}"
    response = client.post("/api/v1/zones", headers={**auth_headers(admin), "Content-Type": "application/json"},
                           data=raw)
    assert response.status_code == 422
    assert "Nested deeper" in response.get_json()["errors"]["json"][0]


def test_moderate_nesting_beyond_the_limit_is_refused_too(client):
    admin = UserFactory(admin=True)
    nested = {"name": "Z", "country": "DO", "extra": json.loads("[" * 40 + "]" * 40)}
    response = client.post("/api/v1/zones", headers=auth_headers(admin), json=nested)
    assert response.status_code == 422
    assert "Nested deeper" in response.get_json()["errors"]["json"][0]


@pytest.mark.parametrize("path", ["/api/v1/evaluations", "/api/v1/dashboard", "/api/v1/dashboard/trends"])
def test_a_far_future_date_is_a_field_error_not_a_500(client, path):
    admin = UserFactory(admin=True)
    response = client.get(f"{path}?date_to=9999-12-31", headers=auth_headers(admin))
    assert response.status_code == 422
    assert "date_to" in response.get_json()["errors"]["query"]


def test_dates_out_of_order_are_a_field_error(client):
    admin = UserFactory(admin=True)
    response = client.get("/api/v1/dashboard?date_from=2026-05-01&date_to=2026-04-01", headers=auth_headers(admin))
    assert response.status_code == 422
    assert "date_from" in response.get_json()["errors"]["query"]
