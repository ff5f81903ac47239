"""Login, registration by invitation code, refresh and logout."""
from flask import current_app
from flask_jwt_extended import get_jwt
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from sqlalchemy import select

from siete.auth import tokens
from siete.core.passwords import check_password, hash_password, needs_rehash, verify_password
from siete.companies.models import Company
from siete.core import tenancy
from siete.core.errors import Conflict, DomainError, Forbidden, Invalid
from siete.core.roles import Role
from siete.core.service import transactional
from siete.extensions import db
from siete.users.models import User
from siete.users.service import email_taken, set_password


class Unauthorized(DomainError):
    status = 401


@transactional
def login(email, password):
    """Same answer and about the same time for an unknown email and a wrong password."""
    with tenancy.system_scope():
        user = db.session.scalars(select(User).where(User.email == email)).first()
        live = user is not None and (user.company_id is None or user.company is not None)
        if not verify_password(user.hashed_password if live else None, password):
            raise Unauthorized("Invalid email or password")
        if needs_rehash(user.hashed_password):
            user.hashed_password = hash_password(password)
        return tokens.issue_tokens(user)


@transactional
def register(data):
    """Open only to shoppers holding a live company's invitation code, and only when enabled."""
    if not current_app.config["REGISTRATION_ENABLED"]:
        raise Forbidden("Self-registration is disabled; ask your company admin for an account")
    code = data.pop("invite_code")
    with tenancy.system_scope():
        company = db.session.scalars(select(Company).where(Company.invite_code == code)).first()
        if company is None or company.is_suspended:
            raise Invalid({"invite_code": ["Unknown or expired invitation code"]})
        check_password(data["password"], data["email"], data["first_name"], data["last_name"])
        if email_taken(data["email"]):
            raise Conflict("A user with this email already exists")
        user = User(
            company_id=company.id, role=int(Role.SHOPPER), hashed_password=hash_password(data.pop("password")), **data
        )
        db.session.add(user)
        db.session.flush()
        return tokens.issue_tokens(user)


@transactional
def change_own_password(user_id, current_password, new_password):
    """The user proves the current password; every other session ends and this one gets a fresh pair."""
    user = db.session.get(User, user_id)
    if not verify_password(user.hashed_password, current_password):
        raise Invalid({"current_password": ["Incorrect password"]})
    if current_password == new_password:
        raise Invalid({"new_password": ["Must differ from the current password"]})
    try:
        set_password(user, new_password)
    except Invalid as err:
        raise Invalid({"new_password": err.errors["json"]["password"]}) from None
    db.session.flush()
    return tokens.issue_tokens(user)


def refresh(user):
    """Rotate: the used refresh token is revoked and a new pair reflects the reloaded user's claims."""
    tokens.revoke(get_jwt())
    return tokens.issue_tokens(user)


def logout(user, refresh_token=None):
    """Revoke the presented access token and, if given, the user's refresh token."""
    if refresh_token:
        try:
            decoded = tokens.decode_refresh_token(refresh_token)
        except (PyJWTError, JWTExtendedException, ValueError):
            raise Invalid({"refresh_token": ["Not a valid refresh token"]}) from None
        if decoded["sub"] != str(user.id):
            raise Invalid({"refresh_token": ["This refresh token belongs to another user"]})
        tokens.revoke(decoded)
    tokens.revoke(get_jwt())
