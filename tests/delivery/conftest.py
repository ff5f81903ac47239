"""The app's SMS settings pointed at a fake Twilio API (the `smtp` fixture lives in tests/fakes/smtp.py)."""
import pytest

from tests.fakes.twilio_server import FakeTwilio


@pytest.fixture
def twilio(app, monkeypatch):
    with FakeTwilio() as fake:
        for key, value in fake.settings().items():
            monkeypatch.setitem(app.config, key, value)
        yield fake
