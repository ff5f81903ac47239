"""The app's mail and SMS settings pointed at a real local SMTP server and a fake Twilio API."""
import pytest

from tests.fakes.smtp import FakeSMTP
from tests.fakes.twilio_server import FakeTwilio


@pytest.fixture
def smtp(app, monkeypatch):
    with FakeSMTP() as server:
        for key, value in server.settings().items():
            monkeypatch.setitem(app.config, key, value)
        monkeypatch.setitem(app.config, "SENDGRID_API_KEY", None)
        yield server


@pytest.fixture
def twilio(app, monkeypatch):
    with FakeTwilio() as fake:
        for key, value in fake.settings().items():
            monkeypatch.setitem(app.config, key, value)
        yield fake
