"""Writing audit entries inside the caller's transaction (a rolled-back change leaves no entry), and reading them."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import inspect, select

from siete.audit.models import AuditEntry
from siete.audit.schemas import DEFAULT_SORT, SORTABLE
from siete.core import tenancy
from siete.core.models import TenantRoot
from siete.core.pagination import apply_day_range, apply_sort
from siete.extensions import db

SECRET_COLUMNS = frozenset({"hashed_password", "invite_code"})


def snapshot(row, *columns):
    """A row's column values as JSON-safe data (secrets left out), for `before`/`after`."""
    names = columns or [attr.key for attr in inspect(row).mapper.column_attrs]
    return {name: _plain(getattr(row, name)) for name in names if name not in SECRET_COLUMNS}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(action, entity, *, before=None, after=None, company_id=None):
    """One entry for `action` on `entity` (a mapped row) by the current actor; committed with the change."""
    scope = tenancy.current_scope()
    owner = company_id if company_id is not None else getattr(entity, "company_id", None)
    if isinstance(entity, TenantRoot):  # the company itself
        owner = entity.id
    db.session.add(AuditEntry(
        company_id=owner, actor_id=scope.user_id, actor_role=int(scope.role) if scope.role is not None else None,
        action=action, entity_type=inspect(entity).mapper.local_table.name, entity_id=entity.id,
        before=before, after=after))


def list_entries(args):
    stmt = select(AuditEntry)
    for field in ("company_id", "actor_id", "action", "entity_type", "entity_id"):
        if args.get(field) is not None:
            stmt = stmt.where(getattr(AuditEntry, field) == args[field])
    stmt = apply_day_range(stmt, AuditEntry.created_at, args)
    return apply_sort(stmt, AuditEntry, args.get("sort"), SORTABLE, default=DEFAULT_SORT)
