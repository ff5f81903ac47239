"""User management: role ceilings, company ownership and email uniqueness are enforced here."""
from sqlalchemy import null, select

from siete.core.passwords import check_password, hash_password, verify_password
from siete.core import tenancy
from siete.core.errors import Conflict, Forbidden, Invalid
from siete.core.pagination import apply_search, apply_sort
from siete.core.roles import Role
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.users.models import User
from siete.users.schemas import SORTABLE
from siete.audit import service as audit
from siete.users.tasks import queue_account_mail


def list_users(args):
    stmt = select(User)
    if args.get("role") is not None:
        stmt = stmt.where(User.role == args["role"])
    if args.get("company_id") is not None:
        stmt = stmt.where(User.company_id == args["company_id"])
    stmt = apply_search(stmt, args.get("q"), User.first_name, User.last_name, User.email)
    return apply_sort(stmt, User, args.get("sort"), SORTABLE)


def get_user(user_id):
    return tenancy.get_or_404(User, user_id)


def account_by_email(email, except_id=None):
    """The account that owns `email` on the platform: a confirmed one first (a dormant copy never logs in)."""
    with tenancy.system_scope():
        stmt = select(User).where(User.email == email).order_by(User.email_confirmed_at.is_(None), User.id)
        if except_id is not None:
            stmt = stmt.where(User.id != except_id)
        return db.session.scalars(stmt).first()


def _owner_elsewhere(email, except_id=None):
    """The confirmed owner of `email` in another company, without telling a company admin whether there is one:
    a duplicate within her own company (which she can see anyway) is a 409; an address owned elsewhere gives a
    dormant account (it never logs in: login takes the confirmed owner) and a mail to the owner; same answer."""
    scope = tenancy.current_scope()
    owner = account_by_email(email, except_id=except_id)
    if owner is not None and (scope.is_superadmin or owner.company_id == scope.company_id):
        raise Conflict("A user with this email already exists")
    return owner if owner is not None and owner.email_confirmed_at is not None else None


def _go_dormant(user, owner):
    user.email_confirmed_at = null()
    user.end_sessions()
    queue_account_mail(db.session(), owner.id, "already_registered")


def _check_grant(role):
    scope = tenancy.current_scope()
    if not scope.role.can_grant(Role(role)):
        raise Forbidden("You cannot give a user a role above your own")


def _resolve_company(role, company_id):
    """A superadmin belongs to no company; every other user to the company the actor may manage."""
    if role == Role.SUPERADMIN:
        if company_id is not None:
            raise Invalid({"company_id": ["A superadmin belongs to no company"]})
        return None
    return owning_company_id(company_id)


def _check_target(user):
    if not tenancy.current_scope().role.can_grant(Role(user.role)):
        raise Forbidden("You cannot manage a user with a role above your own")


@transactional
def create_user(data):
    _check_grant(data["role"])
    company_id = _resolve_company(data["role"], data.pop("company_id", None))
    check_password(data["password"], data["email"], data["first_name"], data["last_name"])
    owner = _owner_elsewhere(data["email"])
    user = User(company_id=company_id, hashed_password=hash_password(data.pop("password")), **data)
    if owner is not None:
        _go_dormant(user, owner)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", user, after=audit.snapshot(user, "email", "role", "company_id"))
    return user


@transactional
def update_user(user_id, data):
    user = get_user(user_id)
    _check_target(user)
    if "role" in data:
        _check_grant(data["role"])
        if user.company_id is None and data["role"] != Role.SUPERADMIN:
            raise Invalid({"role": ["A superadmin has no company; create a new user instead"]})
        if user.company_id is not None and data["role"] == Role.SUPERADMIN:
            raise Invalid({"role": ["A company user cannot become a superadmin"]})
    if "email" in data and data["email"] != user.email:
        owner = _owner_elsewhere(data["email"], except_id=user.id)
        if owner is not None:
            _go_dormant(user, owner)
    if "password" in data:
        set_password(user, data.pop("password"), data.get("email"), data.get("first_name"), data.get("last_name"))
        audit.record("user.password_reset", user)
    if "role" in data and data["role"] != user.role:
        user.end_sessions()
        audit.record("user.role_changed", user, before={"role": user.role}, after={"role": data["role"]})
        if data["role"] == Role.SHOPPER and user.is_reviewer:
            user.is_reviewer = False  # shoppers never review
            audit.record("user.reviewer_changed", user, before={"is_reviewer": True}, after={"is_reviewer": False})
    for key, value in data.items():
        setattr(user, key, value)
    return user


@transactional
def set_reviewer(user_id, data):
    """The reviewer permission, granted or withdrawn by a superadmin, for staff of a company (superadmins hold it)."""
    user = get_user(user_id)
    if user.company_id is None:
        raise Invalid({"reviewer": ["A superadmin always reviews"]})
    if data["reviewer"] and user.role == Role.SHOPPER:
        raise Invalid({"reviewer": ["A shopper cannot review analyses"]})
    if user.is_reviewer != data["reviewer"]:
        audit.record("user.reviewer_changed", user, before={"is_reviewer": user.is_reviewer},
                     after={"is_reviewer": data["reviewer"]})
        user.is_reviewer = data["reviewer"]
    return user


def set_password(user, password, *personal):
    """A new password ends every session opened with the old one."""
    check_password(password, user.email, user.first_name, user.last_name, *personal)
    user.hashed_password = hash_password(password)
    user.end_sessions()


@transactional
def delete_user(user_id):
    user = get_user(user_id)
    _check_target(user)
    if user.id == tenancy.current_scope().user_id:
        raise Invalid({"id": ["You cannot delete your own account"]})
    user.soft_delete()
    audit.record("user.deleted", user, before=audit.snapshot(user, "email", "role", "company_id"))


def ensure_superadmin(email, password, first_name="Super", last_name="Admin", *, check_strength=True):
    """Create the superadmin, or reset its password if it exists: safe to run on every deploy (system scope)."""
    email = email.strip().lower()
    user = account_by_email(email)
    if user is not None and user.role != Role.SUPERADMIN:
        raise Conflict(f"{email} already exists with another role")
    if check_strength:
        check_password(password, email, first_name, last_name)
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name, role=int(Role.SUPERADMIN))
        db.session.add(user)
    elif user.hashed_password and verify_password(user.hashed_password, password):
        return user  # unchanged: sessions stay
    else:
        user.end_sessions()
    user.hashed_password = hash_password(password)
    return user
