"""Signed, expiring e-mail confirmation links for self-registered shoppers (itsdangerous, keyed by SECRET_KEY)."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "siete-confirm-email"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def confirmation_token(user):
    """Bound to the address too: a token minted before an email change confirms nothing."""
    return _serializer().dumps({"uid": user.id, "email": user.email})


def read_confirmation_token(token):
    """(user id, email) from a valid token; raises ValueError('expired' | 'invalid') otherwise."""
    max_age = current_app.config["EMAIL_CONFIRM_HOURS"] * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise ValueError("expired") from None
    except BadSignature:
        raise ValueError("invalid") from None
    return int(data["uid"]), data["email"]


def confirmation_url(user):
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/api/v1/auth/confirm-email?token={confirmation_token(user)}"
