"""SendGrid's v3 mail/send through its official client; its HTTP status becomes the failure's provider code."""
import urllib.error

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Content, Header, Mail

from siete.core.mail import DEFAULT_TIMEOUT, MailError, SentMail

DEFAULT_HOST = "https://api.sendgrid.com"
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def send_with_sendgrid(settings, sender, recipients, subject, text, html, headers):
    message = Mail(from_email=sender, to_emails=recipients, subject=subject)
    message.add_content(Content("text/plain", text))
    if html:
        message.add_content(Content("text/html", html))
    for name, value in headers.items():
        message.add_header(Header(name, value))
    client = SendGridAPIClient(api_key=settings["SENDGRID_API_KEY"],
                               host=settings.get("SENDGRID_API_HOST") or DEFAULT_HOST)
    client.client.timeout = float(settings.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT)
    try:
        response = client.send(message)
    except HTTPError as exc:
        status = exc.status_code
        raise MailError("mail_deferred" if status in TRANSIENT_STATUSES else "mail_rejected",
                        f"SendGrid {status}: {_reason(exc)}", transient=status in TRANSIENT_STATUSES,
                        provider_code=status) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise MailError("mail_unreachable", f"SendGrid API: {exc}", transient=True) from exc
    return SentMail("sendgrid", response.headers.get("X-Message-Id"))


def _reason(exc):
    try:
        return "; ".join(e.get("message", "") for e in exc.to_dict.get("errors", [])) or exc.reason
    except (ValueError, AttributeError, TypeError):
        return str(exc.reason)
