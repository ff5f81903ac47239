"""End-to-end through Cloudflare Stream: the shopper's phone sends the video straight to (a stand-in for) Stream with
real progress; Stream's signed webhook then starts the analysis, which the worker completes from Stream's audio."""
import json
import time

import pytest
import requests
from sqlalchemy import create_engine, text

import tests.fakes.cloudflare_server as cloudflare
from tests.console.conftest import running_stack
from tests.fakes.media import fixture_path

pytestmark = pytest.mark.timeout(900)
SECRET = "console-e2e-webhook-secret-0123456789abcdef"


class _BrowserHandler(cloudflare._Handler):
    """The fake's endpoints, answering CORS as Stream's upload URLs do for a browser (preflight included)."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "POST, PATCH, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers", "*"))
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def fake_stream():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cloudflare, "_Handler", _BrowserHandler)  # FakeCloudflare.start builds on this handler
        fake = cloudflare.FakeCloudflare().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def stream_stack(fake_stream):
    settings = {"CLOUDFLARE_ACCOUNT_ID": fake_stream.account_id, "CLOUDFLARE_STREAM_TOKEN": fake_stream.token,
                "CLOUDFLARE_API_BASE": fake_stream.api_base, "CLOUDFLARE_WEBHOOK_SECRET": SECRET,
                "CLOUDFLARE_RETRY_BACKOFF": "0.01", "CLOUDFLARE_POLL_INTERVAL": "0.2", "CLOUDFLARE_TIMEOUT": "5"}
    with running_stack("console_stream", **settings) as stack:
        yield stack


def _stream_uid(stack, evaluation_id):
    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT stream_uid FROM evaluations WHERE id = :id"), {"id": evaluation_id}).scalar()
    finally:
        engine.dispose()


def test_a_shopper_uploads_to_stream_with_progress_and_the_webhook_takes_it_to_completed(stream_stack, fake_stream):
    result = stream_stack.scenario("submit", WAIT="0")
    assert result["via"] == "stream"
    assert result["progress"] and max(result["progress"]) == 100
    assert result["serious"] == [] and result["problems"] == []
    uid = _stream_uid(stream_stack, result["id"])
    video = fake_stream.videos[uid]
    assert video.video == fixture_path("good_service").read_bytes(), "Stream received the file itself"
    assert video.meta["user_id"] and video.meta["name"] == "good_service.mp4"
    upload = fake_stream.calls("upload")[-1]
    assert upload.status == 200 and "Authorization" not in upload.headers  # the browser sent no credentials
    assert stream_stack.api("GET", f"/evaluations/{result['id']}", "shopper@siete.demo").json()["status"] == "pending"

    body = json.dumps(cloudflare.notification(uid)).encode()
    answer = requests.post(f"{stream_stack.url}/api/v1/cloudflare/webhook", data=body, timeout=30, headers={
        "Content-Type": "application/json", "Webhook-Signature": cloudflare.signature_header(body, SECRET)})
    assert answer.status_code == 200 and answer.json() == {"status": "queued", "evaluation_id": result["id"]}
    deadline = time.monotonic() + 360
    while (row := stream_stack.api("GET", f"/evaluations/{result['id']}").json())["status"] not in ("completed", "failed"):
        assert time.monotonic() < deadline, f"still {row['status']} / {row['stage']}"
        time.sleep(1)
    assert row["status"] == "completed", row
    assert fake_stream.calls("media"), "the worker took the audio from Stream"
