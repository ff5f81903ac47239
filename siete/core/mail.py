"""Outbound e-mail, the one function every feature calls to send a message:

    send_mail(to, subject, text, html=None, headers=None, *, settings=None) -> SentMail

`to` is one address or a list; `headers` are extra MIME headers (e.g. List-Unsubscribe); `settings` is a mapping
with the `Config` attributes below (default: the current Flask app's config). The channel is SendGrid's v3 API
through its official client when `SENDGRID_API_KEY` is set (`SENDGRID_API_HOST` points it elsewhere), else SMTP
when `SMTP_HOST` is set (`SMTP_PORT`, `SMTP_USER`, `SMTP_PASSWORD`, `SMTP_TLS` = starttls | ssl | none), else the
outbox directory `MAIL_OUTBOX_DIR` (embedded mode: one .eml file per message). The sender is `MAIL_FROM`.
Returns `SentMail(channel, message_id)`; raises `MailError` (a `Fault`: `code`, `transient`, the provider's
`provider_code` such as an SMTP reply code or an HTTP status) — retry only when `transient` is true.
"""
import smtplib
import socket
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from siete.core.faults import Fault

DEFAULT_TIMEOUT = 20.0


class MailError(Fault):
    """The provider refused or could not take the message; `provider_code` is its own code when it gave one."""

    def __init__(self, code, message, *, transient, provider_code=None):
        super().__init__(code, message)
        self.transient = transient
        self.provider_code = None if provider_code is None else str(provider_code)


@dataclass(frozen=True)
class SentMail:
    channel: str  # sendgrid | smtp | outbox
    message_id: str | None


def send_mail(to, subject, text, html=None, headers=None, *, settings=None) -> SentMail:
    """Send one message through the configured channel."""
    settings = settings if settings is not None else _app_config()
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise MailError("mail_no_recipient", "No recipient given", transient=False)
    channel = channel_name(settings)
    sender = settings.get("MAIL_FROM") or "Siete CX <no-reply@siete.local>"
    if channel == "sendgrid":
        from siete.core.mail_sendgrid import send_with_sendgrid

        return send_with_sendgrid(settings, sender, recipients, subject, text, html, headers or {})
    message = _mime(sender, recipients, subject, text, html, headers or {})
    if channel == "smtp":
        return _send_smtp(settings, message, recipients)
    return _write_outbox(settings, message)


def channel_name(settings) -> str:
    if settings.get("SENDGRID_API_KEY"):
        return "sendgrid"
    return "smtp" if settings.get("SMTP_HOST") else "outbox"


def _app_config():
    from flask import current_app

    return current_app.config


def _mime(sender, recipients, subject, text, html, headers):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, ", ".join(recipients), subject
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or "siete.local")
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def _send_smtp(settings, message, recipients):
    host, port = settings["SMTP_HOST"], int(settings.get("SMTP_PORT") or 587)
    tls = (settings.get("SMTP_TLS") or "starttls").lower()
    timeout = float(settings.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT)
    try:
        if tls == "ssl":
            server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.get("SMTP_USER"):
                server.login(settings["SMTP_USER"], settings.get("SMTP_PASSWORD") or "")
            refused = server.send_message(message, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        raise _smtp_error(code, reply) from exc
    except smtplib.SMTPResponseException as exc:
        raise _smtp_error(exc.smtp_code, exc.smtp_error) from exc
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise MailError("mail_unreachable", f"SMTP server {host}:{port}: {exc}", transient=True) from exc
    if refused:  # some recipients accepted: the message left; the refused ones are reported as a bounce
        code, reply = next(iter(refused.values()))
        raise _smtp_error(code, reply)
    return SentMail("smtp", message["Message-ID"])


def _smtp_error(code, reply):
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    transient = 400 <= int(code) < 500
    return MailError("mail_deferred" if transient else "mail_rejected", f"SMTP {code}: {text}",
                     transient=transient, provider_code=code)


def _write_outbox(settings, message):
    folder = Path(settings.get("MAIL_OUTBOX_DIR") or Path(settings.get("VAR_DIR", "var")) / "outbox")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
    return SentMail("outbox", message["Message-ID"])
