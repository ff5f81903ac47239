"""Outbound SMS through Twilio's official client: `send_sms(to, body, *, settings=None) -> SentSms`.

Settings (`Config` attributes): `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`, `TWILIO_FROM` (a number or a Messaging
Service SID `MG…`), `TWILIO_API_BASE` (another API host, e.g. a test double) and `SMS_TIMEOUT`. Failures raise
`SmsError` (a `Fault` like `MailError`) whose `provider_code` is Twilio's error code (e.g. 21211) or HTTP status.
"""
from dataclasses import dataclass

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from siete.core.mail import MailError

TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class SmsError(MailError):
    """Twilio refused or could not take the message."""


@dataclass(frozen=True)
class SentSms:
    channel: str
    message_id: str | None


def is_configured(settings) -> bool:
    return bool(settings.get("TWILIO_ACCOUNT_SID") and settings.get("TWILIO_AUTH_TOKEN") and settings.get("TWILIO_FROM"))


def send_sms(to, body, *, settings=None) -> SentSms:
    if settings is None:
        from flask import current_app

        settings = current_app.config
    if not is_configured(settings):
        raise SmsError("sms_not_configured", "SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM",
                       transient=False)
    client = Client(settings["TWILIO_ACCOUNT_SID"], settings["TWILIO_AUTH_TOKEN"],
                    http_client=TwilioHttpClient(timeout=float(settings.get("SMS_TIMEOUT") or 20)))
    if settings.get("TWILIO_API_BASE"):
        client.api.base_url = settings["TWILIO_API_BASE"]
    sender = settings["TWILIO_FROM"]
    origin = {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
    try:
        message = client.messages.create(to=to, body=body, **origin)
    except TwilioRestException as exc:
        transient = exc.status in TRANSIENT_STATUSES
        raise SmsError("sms_deferred" if transient else "sms_rejected", f"Twilio {exc.status}: {exc.msg}",
                       transient=transient, provider_code=exc.code or exc.status) from exc
    except requests.RequestException as exc:
        raise SmsError("sms_unreachable", f"Twilio API: {exc}", transient=True) from exc
    return SentSms("twilio", message.sid)
