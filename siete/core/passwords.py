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


MIN_GUESS_SCORE = 2  # zxcvbn 0–4: below 2 the password is in the common lists or trivially guessed


def _folded(text: str) -> str:
    """Lower case without accents, so "López" is found in "tienda-lopez"."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def password_problem(password: str, personal: tuple = ()) -> str | None:
    """Why `password` is refused (common, guessable, or built from the account's own email or name), else None."""
    from zxcvbn import zxcvbn

    lowered = _folded(password)
    parts = set()
    for value in personal:
        value = _folded(value or "").strip()
        parts.update({value, value.split("@")[0]} if value else set())
    if any(len(part) >= 3 and part in lowered for part in parts):
        return "Must not contain your email or name"
    if not password.strip():
        return "Must not be only spaces"
    if zxcvbn(password[:100], user_inputs=sorted(parts))["score"] < MIN_GUESS_SCORE:
        return "Too common or easy to guess: use a longer phrase mixing words and numbers"
    return None


def check_password(password: str, *personal) -> None:
    """Raise a 422 on `password` when password_problem finds one."""
    from siete.core.errors import Invalid

    problem = password_problem(password, personal)
    if problem:
        raise Invalid({"password": [problem]})
