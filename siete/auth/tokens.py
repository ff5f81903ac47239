"""JWT issuing, the per-request user load, and the revoked-token blocklist (Redis, or memory when embedded)."""
import time
from dataclasses import dataclass
from functools import lru_cache

from siete.core.redis_clients import redis_client
from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import bindparam, select

from siete.core import tenancy
from siete.core.errors import error_response
from siete.extensions import db, jwt


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The fields every request needs, read as one row (the ORM User is loaded only where a route needs it)."""

    id: int
    role: int
    company_id: int | None
    email: str
    company_suspended: bool
    token_version: int = 0
    is_reviewer: bool = False


class RedisBlocklist:
    def __init__(self, url):
        self._redis = redis_client(url, "state")

    def revoke(self, jti, ttl_seconds):
        self._redis.set(f"siete:revoked:{jti}", 1, ex=max(int(ttl_seconds), 1))

    def is_revoked(self, jti):
        return self._redis.exists(f"siete:revoked:{jti}") == 1


class MemoryBlocklist:
    """Single-process embedded mode only: revocations live as long as the API process."""

    def __init__(self):
        self._expiry = {}

    def revoke(self, jti, ttl_seconds):
        self._expiry[jti] = time.time() + ttl_seconds

    def is_revoked(self, jti):
        return self._expiry.get(jti, 0) > time.time()


def _blocklist():
    return current_app.extensions["siete_blocklist"]


def issue_tokens(user):
    """Access + refresh tokens carrying the claims the SPA reads (seed §7.2)."""
    claims = {"email": user.email, "role": int(user.role), "company_id": user.company_id,
              "ver": user.token_version}
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity=identity, additional_claims=claims),
        "token_type": "bearer",
        "expires_in": int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    }


def revoke(decoded):
    _blocklist().revoke(decoded["jti"], decoded["exp"] - time.time())


def decode_refresh_token(encoded):
    """Decode a refresh token given in a body; raises on a bad or non-refresh token."""
    decoded = decode_token(encoded)
    if decoded.get("type") != "refresh":
        raise ValueError("not a refresh token")
    return decoded


@lru_cache(maxsize=1)
def _user_row():
    """The per-request user read, built once with the id bound at execution (issue #18: building it was a
    measurable share of every request); tenancy's soft-delete criteria still apply when it runs."""
    from siete.companies.models import Company
    from siete.users.models import User

    return (select(User.id, User.role, User.company_id, User.email, User.token_version, Company.id,
                   Company.subscription_status, User.is_reviewer)
            .outerjoin(User.company)
            .where(User.id == bindparam("user_id"))
            .execution_options(**{tenancy.PREBUILT: True}))


def init_tokens(app):
    url = app.config.get("REDIS_URL")
    app.extensions["siete_blocklist"] = RedisBlocklist(url) if url else MemoryBlocklist()

    @jwt.token_in_blocklist_loader
    def _is_revoked(_header, payload):
        return _blocklist().is_revoked(payload["jti"])

    @jwt.user_lookup_loader
    def _load_user(_header, payload):
        """Reload the user each request: a deleted user, or one of a deleted company, is refused at once."""
        with tenancy.system_scope():
            row = db.session.execute(_user_row(), {"user_id": int(payload["sub"])}).first()
        if row is None:
            return None
        user_id, role, company_id, email, version, live_company_id, subscription_status, is_reviewer = row
        if company_id is not None and live_company_id is None:
            return None
        if payload.get("ver", 0) != version:  # issued before a password or role change
            return None
        return CurrentUser(user_id, role, company_id, email, subscription_status == "suspended", version,
                           bool(is_reviewer))

    @jwt.token_verification_loader
    def _has_expiry(_header, payload):
        """A token that never expires is never accepted, whoever signed it."""
        return isinstance(payload.get("exp"), (int, float)) and isinstance(payload.get("iat"), (int, float))

    def _unauthorized(message):
        return error_response(401, message)

    jwt.user_lookup_error_loader(
        lambda _h, _p: _unauthorized("Session ended: the user no longer exists, or the password or role changed"))
    jwt.expired_token_loader(lambda _h, _p: _unauthorized("Token has expired"))
    jwt.revoked_token_loader(lambda _h, _p: _unauthorized("Token has been revoked"))
    jwt.invalid_token_loader(lambda reason: _unauthorized(f"Invalid token: {reason}"))
    jwt.unauthorized_loader(lambda reason: _unauthorized(reason))
    jwt.needs_fresh_token_loader(lambda _h, _p: _unauthorized("Fresh token required"))
    jwt.token_verification_failed_loader(lambda _h, _p: _unauthorized("Invalid token: it must carry exp and iat"))
