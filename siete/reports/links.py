"""Short-lived signed download links: the token names the report and expires; no login is needed to follow it."""
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from siete.core.errors import DomainError, NotFound
from siete.core.models import utcnow

SALT = "siete.reports.download"


class LinkExpired(DomainError):
    status = 410


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def download_link(report, expires_in=None, absolute=False):
    """(url, expires_at) for a completed report."""
    expires_in = expires_in or current_app.config["REPORT_LINK_EXPIRES"]
    token = _serializer().dumps({"r": report.id, "c": report.company_id, "t": expires_in})
    path = f"/api/v1/reports/{report.id}/download?token={token}"
    base = current_app.config["PUBLIC_URL"].rstrip("/") if absolute else ""
    return base + path, utcnow() + timedelta(seconds=expires_in)


def read_token(report_id, token):
    """(company_id, seconds left) of a valid token for this report; 404 if forged, 410 once expired."""
    serializer = _serializer()
    try:
        data, signed_at = serializer.loads(token, return_timestamp=True)
        if int(data["r"]) != report_id:
            raise NotFound("This download link is not valid")
        age = (utcnow() - signed_at).total_seconds()
        if age > int(data["t"]):
            raise SignatureExpired("expired")
    except SignatureExpired:
        raise LinkExpired("This download link has expired: open the report again for a new one") from None
    except (BadSignature, KeyError, TypeError, ValueError):
        raise NotFound("This download link is not valid") from None
    return int(data["c"]), max(1, int(data["t"] - age))
