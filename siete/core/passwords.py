"""Argon2id password hashing (argon2-cffi), tuned from config."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


def init_passwords(app):
    """Build the hasher once per app, plus a dummy hash so unknown emails cost the same time."""
    hasher = PasswordHasher(time_cost=app.config["ARGON2_TIME_COST"], memory_cost=app.config["ARGON2_MEMORY_COST"])
    app.extensions["siete_passwords"] = (hasher, hasher.hash("siete-timing-equaliser"))


def hash_password(password: str) -> str:
    hasher, _ = current_app.extensions["siete_passwords"]
    return hasher.hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """Check a password; with no stored hash, verify against the dummy and fail anyway."""
    hasher, dummy = current_app.extensions["siete_passwords"]
    try:
        return hasher.verify(hashed or dummy, password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    hasher, _ = current_app.extensions["siete_passwords"]
    return hasher.check_needs_rehash(hashed)
