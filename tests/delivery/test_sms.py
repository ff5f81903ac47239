"""send_sms drives Twilio's official client against a fake Twilio REST API."""
import pytest

from siete.delivery.sms import SmsError, send_sms
from tests.fakes.twilio_server import FakeTwilio


@pytest.fixture
def twilio():
    with FakeTwilio() as fake:
        yield fake


def test_sms_is_sent_with_the_configured_sender(twilio):
    sent = send_sms("+18095551234", "Siete CX: alerta crítica", settings=twilio.settings())
    assert sent.message_id.startswith("SM")
    assert twilio.messages == [{"To": "+18095551234", "From": "+18095550100", "Body": "Siete CX: alerta crítica",
                                "sid": sent.message_id}]


def test_invalid_number_is_permanent_with_twilios_code(twilio):
    with pytest.raises(SmsError) as caught:
        send_sms("+15005550001", "x", settings=twilio.settings())
    assert (caught.value.provider_code, caught.value.transient) == ("21211", False)


def test_outage_is_transient(twilio):
    twilio.fail_next(503)
    with pytest.raises(SmsError) as caught:
        send_sms("+18095551234", "x", settings=twilio.settings())
    assert caught.value.transient and caught.value.provider_code == "20500"


def test_wrong_token_is_permanent(twilio):
    with pytest.raises(SmsError) as caught:
        send_sms("+18095551234", "x", settings=twilio.settings(TWILIO_AUTH_TOKEN="wrong"))
    assert (caught.value.provider_code, caught.value.transient) == ("20003", False)


def test_without_credentials_nothing_is_sent():
    with pytest.raises(SmsError) as caught:
        send_sms("+18095551234", "x", settings={})
    assert caught.value.code == "sms_not_configured"
