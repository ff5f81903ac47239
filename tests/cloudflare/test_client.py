"""StreamClient against the fake Stream API: uploads, the audio download, retries of transient faults, coded errors."""
import base64

import pytest
import requests

from siete.cloudflare import errors
from siete.cloudflare.client import StreamClient, stream_client
from siete.cloudflare.errors import PermanentStreamError, TransientStreamError
from tests.fakes.cloudflare_server import Fault, fixture_audio
from tests.fakes.media import fixture_path


def test_direct_upload_sends_duration_and_meta_and_returns_uid_and_url(stream_client, fake_cloudflare):
    uid, url = stream_client.create_direct_upload(3600, {"name": "visita.mp4", "campaign_id": "7"})
    call, = fake_cloudflare.calls("direct_upload")
    assert call.body == {"maxDurationSeconds": 3600, "meta": {"name": "visita.mp4", "campaign_id": "7"}}
    assert call.headers["Authorization"] == f"Bearer {fake_cloudflare.token}"
    assert url == f"{fake_cloudflare.origin}/upload/{uid}" and uid in fake_cloudflare.videos


def test_tus_upload_sends_length_and_metadata_and_reads_the_headers(stream_client, fake_cloudflare):
    uid, url = stream_client.create_tus_upload(300_000_000, "visita larga.mp4", 7200)
    call, = fake_cloudflare.calls("tus")
    assert "direct_user=true" in call.path
    assert call.headers["Tus-Resumable"] == "1.0.0" and call.headers["Upload-Length"] == "300000000"
    pairs = dict(pair.split(" ") for pair in call.headers["Upload-Metadata"].split(","))
    assert {k: base64.b64decode(v).decode() for k, v in pairs.items()} == {
        "name": "visita larga.mp4", "maxDurationSeconds": "7200"}
    assert url.startswith(f"{fake_cloudflare.origin}/tus/{uid}")
    assert fake_cloudflare.videos[uid].tus_length == 300_000_000


def test_download_audio_waits_until_ready_and_streams_the_m4a(stream_client, fake_cloudflare, tmp_path):
    video = fake_cloudflare.add_video(ready_after=3)
    path = stream_client.download_audio(video.uid, tmp_path / "audio.m4a")
    assert path.read_bytes() == fixture_audio() and path.read_bytes()[4:8] == b"ftyp"
    assert len(fake_cloudflare.calls("create_download")) == 1
    assert len(fake_cloudflare.calls("list_downloads")) == 3
    media, = fake_cloudflare.calls("media")
    assert "Authorization" not in media.headers  # the API token never goes to the file host
    assert [p.name for p in tmp_path.iterdir()] == ["audio.m4a"]


def test_an_uploaded_video_comes_back_as_its_audio_track(stream_client, fake_cloudflare, tmp_path):
    uid, url = stream_client.create_direct_upload(600, {})
    video = fixture_path("poor_service").read_bytes()
    assert requests.post(url, files={"file": ("v.mp4", video, "video/mp4")}, timeout=10).status_code == 200
    audio = stream_client.download_audio(uid, tmp_path / "a.m4a").read_bytes()
    assert audio[4:8] == b"ftyp" and audio != video and audio != fixture_audio()


@pytest.mark.parametrize("endpoint,faults", [
    ("create_download", ["rate_limit", "server_error"]),
    ("list_downloads", [Fault("timeout", delay=1.5), "unavailable"]),
    ("media", ["server_error", "rate_limit"]),
    ("media", [Fault("disconnect")]),
], ids=["429 then 500 on create", "timeout then 503 on poll", "500 then 429 on the file", "dropped connection"])
def test_transient_faults_are_retried_and_the_download_succeeds(stream_client, fake_cloudflare, tmp_path,
                                                                endpoint, faults):
    video = fake_cloudflare.add_video(ready_after=1)
    fake_cloudflare.queue(endpoint, *faults)
    assert stream_client.download_audio(video.uid, tmp_path / "a.m4a").read_bytes() == fixture_audio()
    assert fake_cloudflare.pending_faults(endpoint) == 0
    assert len(fake_cloudflare.calls(endpoint)) >= len(faults) + 1


def test_direct_upload_is_retried_after_a_server_error(stream_client, fake_cloudflare):
    fake_cloudflare.queue("direct_upload", "server_error")
    uid, _url = stream_client.create_direct_upload(60)
    assert len(fake_cloudflare.calls("direct_upload")) == 2 and uid


@pytest.mark.parametrize("fault,code,status", [
    ("server_error", errors.SERVER_ERROR, 500), ("rate_limit", errors.RATE_LIMITED, 429),
    (Fault("timeout", delay=1.5), errors.TIMEOUT, None),
], ids=["500", "429", "timeout"])
def test_transient_faults_that_persist_are_transient_errors_after_bounded_retries(
        stream_client, fake_cloudflare, tmp_path, fault, code, status):
    video = fake_cloudflare.add_video()
    fake_cloudflare.queue("create_download", *[fault] * 3)
    with pytest.raises(TransientStreamError) as raised:
        stream_client.download_audio(video.uid, tmp_path / "a.m4a")
    assert raised.value.code == code and raised.value.status == status and raised.value.transient
    assert len(fake_cloudflare.calls("create_download")) == 3  # the first try and two retries
    assert not (tmp_path / "a.m4a").exists()


def test_an_unknown_video_is_a_permanent_not_found_without_retries(stream_client, fake_cloudflare, tmp_path):
    with pytest.raises(PermanentStreamError) as raised:
        stream_client.download_audio("0" * 32, tmp_path / "a.m4a")
    assert raised.value.code == errors.NOT_FOUND and raised.value.status == 404 and not raised.value.transient
    assert "10003" in raised.value.message
    assert len(fake_cloudflare.calls("create_download")) == 1


@pytest.mark.parametrize("fault,code", [("unauthorized", errors.UNAUTHORIZED), ("bad_request", errors.REJECTED)])
def test_other_4xx_are_permanent(stream_client, fake_cloudflare, fault, code):
    fake_cloudflare.queue("direct_upload", fault)
    with pytest.raises(PermanentStreamError) as raised:
        stream_client.create_direct_upload(60)
    assert raised.value.code == code
    assert len(fake_cloudflare.calls("direct_upload")) == 1


def test_a_wrong_token_is_unauthorized(fake_cloudflare):
    with StreamClient(fake_cloudflare.account_id, "wrong", fake_cloudflare.api_base) as client, \
            pytest.raises(PermanentStreamError) as raised:
        client.create_direct_upload(60)
    assert raised.value.code == errors.UNAUTHORIZED and raised.value.status == 403


def test_a_failed_render_is_permanent(stream_client, fake_cloudflare, tmp_path):
    video = fake_cloudflare.add_video(ready_after=2)
    fake_cloudflare.queue("list_downloads", "render_error")
    with pytest.raises(PermanentStreamError) as raised:
        stream_client.download_audio(video.uid, tmp_path / "a.m4a")
    assert raised.value.code == errors.DOWNLOAD_FAILED


def test_a_render_that_never_finishes_stops_polling_with_a_transient_error(fake_cloudflare, tmp_path):
    video = fake_cloudflare.add_video(ready_after=10_000)
    with StreamClient(fake_cloudflare.account_id, fake_cloudflare.token, fake_cloudflare.api_base,
                      poll_interval=0.05, poll_timeout=0.3) as client, pytest.raises(TransientStreamError) as raised:
        client.download_audio(video.uid, tmp_path / "a.m4a")
    assert raised.value.code == errors.DOWNLOAD_NOT_READY
    assert 2 <= len(fake_cloudflare.calls("list_downloads")) <= 10


def test_a_file_cut_short_is_transient_and_leaves_no_partial_file(stream_client, fake_cloudflare, tmp_path):
    video = fake_cloudflare.add_video(ready_after=0)
    fake_cloudflare.queue("media", "truncate")
    with pytest.raises(TransientStreamError) as raised:
        stream_client.download_audio(video.uid, tmp_path / "a.m4a")
    assert raised.value.code == errors.DOWNLOAD_INCOMPLETE
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_api_is_transient(fake_cloudflare, closed_port):
    with StreamClient("acct", "token", f"http://127.0.0.1:{closed_port}/client/v4", retries=1, backoff=0.01) as client, \
            pytest.raises(TransientStreamError) as raised:
        client.create_direct_upload(60)
    assert raised.value.code == errors.UNREACHABLE


@pytest.mark.parametrize("account,token", [(None, "t"), ("a", None), ("", "")])
def test_missing_credentials_are_a_permanent_configuration_error(account, token):
    with pytest.raises(PermanentStreamError) as raised:
        StreamClient(account, token)
    assert raised.value.code == errors.NOT_CONFIGURED


def test_stream_client_reads_the_app_settings(app, stream_settings, tmp_path):
    video = stream_settings.add_video(ready_after=0)
    with app.app_context():
        client = stream_client()
    assert client.api_base == stream_settings.api_base and client.account_id == stream_settings.account_id
    assert client.download_audio(video.uid, str(tmp_path / "a.m4a")).read_bytes() == fixture_audio()
