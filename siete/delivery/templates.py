"""Spanish e-mail (HTML + text) and SMS bodies for a notification, with a signed unsubscribe link."""
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import Environment, PackageLoader, select_autoescape

from siete.delivery.preferences import EVENTS

UNSUBSCRIBE_SALT = "siete.delivery.unsubscribe"
SMS_MAX = 320


@lru_cache(maxsize=1)
def _env():
    return Environment(loader=PackageLoader("siete.delivery", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def _serializer(secret):
    return URLSafeSerializer(secret, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(secret, user_id, event):
    return _serializer(secret).dumps({"u": user_id, "e": event})


def read_unsubscribe_token(secret, token):
    """(user_id, event), or None for a token this server did not sign."""
    try:
        data = _serializer(secret).loads(token)
        return int(data["u"]), str(data["e"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def email(config, notification, user, company_name):
    """(subject, text, html, headers) for one recipient."""
    token = unsubscribe_token(config["SECRET_KEY"], user.id, notification.event)
    unsubscribe_url = f"{config['PUBLIC_URL'].rstrip('/')}/api/v1/deliveries/unsubscribe?token={token}"
    data = notification.data or {}
    context = {
        "title": notification.title, "message": notification.message, "first_name": user.first_name,
        "company_name": company_name, "event_label": EVENTS.get(notification.event, (notification.event,))[0],
        "link": data.get("link"), "link_label": data.get("link_label") or "Abrir en Siete CX",
        "link_expires": data.get("link_expires"), "unsubscribe_url": unsubscribe_url,
    }
    subject = f"{company_name}: {notification.title}" if company_name else notification.title
    text = _env().get_template("notification.txt").render(context)
    html = _env().get_template("notification.html").render(context)
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, text, html, headers


def unsubscribe_page(label, *, done):
    return _env().get_template("unsubscribe.html").render(label=label, done=done)


def sms(notification, company_name):
    body = f"{company_name or 'Siete CX'}: {notification.title}."
    if notification.message:
        body += f" {notification.message}"
    return body if len(body) <= SMS_MAX else body[:SMS_MAX - 1] + "…"
