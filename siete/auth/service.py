"""Login, registration by invitation code, refresh and logout."""
from flask import current_app
from flask_jwt_extended import get_jwt
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from sqlalchemy import null, select

from siete.auth import tokens
from siete.users.confirmation import read_confirmation_token
from siete.core.passwords import check_password, hash_password, needs_rehash, verify_password
from siete.companies.models import Company
from siete.core import tenancy
from siete.core.errors import DomainError, Forbidden, Invalid
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.core.service import transactional
from siete.extensions import db
from siete.users.models import User
from siete.users.service import account_by_email, set_password
from siete.users.tasks import queue_account_mail


class Unauthorized(DomainError):
    status = 401


@transactional
def login(email, password):
    """Same answer and about the same time for an unknown email and a wrong password."""
    with tenancy.system_scope():
        user = account_by_email(email)
        live = user is not None and (user.company_id is None or user.company is not None)
        if not verify_password(user.hashed_password if live else None, password):
            raise Unauthorized("Invalid email or password")
        if user.email_confirmed_at is None:
            raise Forbidden("Confirm your email first: open the link we sent you (or register again to get a new one)")
        if needs_rehash(user.hashed_password):
            user.hashed_password = hash_password(password)
        return tokens.issue_tokens(user)


REGISTERED = {"message": "Revisa tu correo: te enviamos un enlace para activar la cuenta."}


@transactional
def register(data):
    """Open only to shoppers holding a live company's invitation code, and only when enabled. The answer is the
    same whether or not the email already has an account (no enumeration); the mail tells the owner which."""
    if not current_app.config["REGISTRATION_ENABLED"]:
        raise Forbidden("Self-registration is disabled; ask your company admin for an account")
    code = data.pop("invite_code")
    with tenancy.system_scope():
        company = db.session.scalars(select(Company).where(Company.invite_code == code)).first()
        if company is None or company.is_suspended:
            raise Invalid({"invite_code": ["Unknown or expired invitation code"]})
        check_password(data["password"], data["email"], data["first_name"], data["last_name"])
        hashed = hash_password(data.pop("password"))  # also when unused: both answers cost the same
        existing = account_by_email(data["email"])
        if existing is not None:
            if existing.email_confirmed_at is None and existing.company_id == company.id:
                queue_account_mail(db.session(), existing.id, "confirm")  # a lost link, sent again
            else:
                queue_account_mail(db.session(), existing.id, "already_registered")
            return REGISTERED
        user = User(company_id=company.id, role=int(Role.SHOPPER), hashed_password=hashed,
                    email_confirmed_at=null(), **data)  # null(): the column defaults to "vouched for"
        db.session.add(user)
        db.session.flush()
        queue_account_mail(db.session(), user.id, "confirm")
        return REGISTERED


@transactional
def confirm_email(token):
    """Activate the account the link was made for, and log its owner in."""
    try:
        user_id, email = read_confirmation_token(token)
    except ValueError as err:
        reason = "This link has expired: register again to get a new one" if str(err) == "expired" \
            else "This link is not valid"
        raise Invalid({"token": [reason]}) from None
    with tenancy.system_scope():
        user = db.session.get(User, user_id)
        if user is None or user.deleted_at is not None or user.email != email:
            raise Invalid({"token": ["This link is not valid"]})
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
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
