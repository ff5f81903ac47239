"""Stream webhook authentication: HMAC-SHA256 of "time.body" with the account's secret, fresh deliveries only.

Cloudflare sends `Webhook-Signature: time=<unix seconds>,sig1=<hex HMAC-SHA256 of "<time>.<raw body>">`.
"""
import hashlib
import hmac
import re
import time

HEADER = "Webhook-Signature"
DEFAULT_TOLERANCE = 300
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX = re.compile(r"[0-9a-fA-F]{64}")


class SignatureError(ValueError):
    """Why a delivery is not trusted: no secret, missing or malformed header, stale time, wrong signature."""


def _fields(header_value):
    fields = {}
    for part in header_value.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep or name in fields:
            raise SignatureError("malformed Webhook-Signature header")
        fields[name] = value
    return fields


def verify_signature(header_value, raw_body, secret, tolerance=DEFAULT_TOLERANCE, now=None):
    """Return the signed unix time if `header_value` signs `raw_body` within `tolerance` seconds; else raise."""
    if not secret:
        raise SignatureError("no webhook secret is configured")
    if not header_value:
        raise SignatureError(f"missing {HEADER} header")
    fields = _fields(header_value)
    timestamp, signature = fields.get("time", ""), fields.get("sig1", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _HEX.fullmatch(signature):
        raise SignatureError("malformed Webhook-Signature header")
    signed_at = int(timestamp)
    current = time.time() if now is None else now
    if abs(current - signed_at) > tolerance:
        raise SignatureError("the signature timestamp is outside the accepted window")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.lower()):
        raise SignatureError("the signature does not match the body")
    return signed_at
