"""Cloudflare Stream fixtures: the fake Stream API, app settings pointing at it, a webhook secret, a pipeline recorder."""
import socket

import pytest
from sqlalchemy import update

from siete.cloudflare.client import StreamClient
from siete.core import tenancy
from siete.core.models import utcnow
from siete.evaluations.models import Evaluation
from siete.extensions import db
from tests.fakes.cloudflare_server import FakeCloudflare

SECRET = "cf-webhook-secret-0123456789abcdef"


@pytest.fixture
def fake_cloudflare():
    with FakeCloudflare() as fake:
        yield fake


@pytest.fixture
def stream_settings(app, fake_cloudflare, monkeypatch):
    """The app talks to the fake with quick retries and knows the webhook secret."""
    settings = {"CLOUDFLARE_ACCOUNT_ID": fake_cloudflare.account_id, "CLOUDFLARE_STREAM_TOKEN": fake_cloudflare.token,
                "CLOUDFLARE_API_BASE": fake_cloudflare.api_base, "CLOUDFLARE_RETRY_BACKOFF": 0.01,
                "CLOUDFLARE_TIMEOUT": 2, "CLOUDFLARE_WEBHOOK_SECRET": SECRET}
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    return fake_cloudflare


@pytest.fixture
def stream_client(fake_cloudflare):
    """The real client on the fake: 1 s read timeout, two retries, quick backoff and polling."""
    with StreamClient(fake_cloudflare.account_id, fake_cloudflare.token, fake_cloudflare.api_base, timeout=1.0,
                      retries=2, backoff=0.01, poll_interval=0.01, poll_timeout=2.0) as client:
        yield client


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def started(monkeypatch):
    """start_pipeline replaced by a recorder that claims the row as the real one does (once per started_at)."""
    calls = []

    def start_pipeline(evaluation_id, *, force=False):
        with tenancy.system_scope():
            claimed = db.session.execute(
                update(Evaluation).where(Evaluation.id == evaluation_id, Evaluation.started_at.is_(None))
                .values(started_at=utcnow()).execution_options(synchronize_session=False)).rowcount == 1
            db.session.commit()
        if claimed:
            calls.append(evaluation_id)
        return claimed

    monkeypatch.setattr("siete.evaluations.tasks.start_pipeline", start_pipeline)
    return calls
