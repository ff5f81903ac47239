"""Tenant and soft-delete scoping applied to every ORM query, in one place.

The current scope lives in a context variable. A request sets it from the authenticated user, a
worker re-enters one company's scope, a beat job or CLI command enters the cross-tenant system
scope. Querying a tenant table with no scope at all raises: tenancy fails closed.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import event, select
from sqlalchemy.orm import Session, with_loader_criteria

from siete.core.errors import NotFound
from siete.core.models import SoftDeleteMixin, TenantOwned, TenantRoot
from siete.core.roles import Role


class TenancyError(RuntimeError):
    """A tenant table was queried outside any scope: a bug, never a user error."""


@dataclass(frozen=True)
class Scope:
    company_id: int | None  # None: every tenant (superadmin, system jobs)
    user_id: int | None = None
    role: Role | None = None
    reviewer: bool = False  # holds the reviewer permission (superadmins always review)

    @property
    def is_superadmin(self):
        return self.role == Role.SUPERADMIN

    @property
    def can_review(self):
        """Reviewers see analyses before publication and may publish, override and resolve disputes."""
        return self.is_superadmin or self.reviewer


SYSTEM = Scope(company_id=None)
_current: ContextVar[Scope | None] = ContextVar("siete_scope", default=None)


def current_scope() -> Scope:
    scope = _current.get()
    if scope is None:
        raise TenancyError("No tenant scope is active")
    return scope


@contextmanager
def enter(scope: Scope):
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def system_scope():
    """Cross-tenant access for beat jobs, CLI commands and pre-authentication lookups."""
    return enter(SYSTEM)


def tenant_scope(company_id: int):
    """One company's data only, as a worker processing that company's evaluation."""
    return enter(Scope(company_id=company_id))


def get_or_404(model, ident):
    """Load one row through the scoped query path, so another tenant's row is a plain 404."""
    from siete.extensions import db

    row = db.session.scalars(select(model).where(model.id == ident)).first()
    if row is None:
        raise NotFound(f"{model.__name__} {ident} not found")
    return row


_row_rules_registry = []  # rule(scope) -> loader criteria, registered by the feature that owns the rows


def register_row_rule(rule):
    """A feature's rows visible to one user scope within its tenant (`rule(scope)` returns loader criteria, e.g.
    managers see their assigned campaigns). Registered at import of the feature's `rules` module (siete/all_models)."""
    _row_rules_registry.append(rule)
    scope_options.cache_clear()
    return rule


def _row_rules(scope):
    return [criterion for rule in _row_rules_registry for criterion in rule(scope)]


def _touches_tenant_data(state):
    return any(
        issubclass(mapper.class_, (TenantOwned, TenantRoot)) for mapper in state.all_mappers
    )


@lru_cache(maxsize=4096)
def scope_options(scope, include_deleted=False):
    """The loader criteria for one scope, built once: they depend on nothing but the frozen scope."""
    options = []
    if not include_deleted:
        options.append(
            with_loader_criteria(SoftDeleteMixin, lambda cls: cls.deleted_at.is_(None), include_aliases=True)
        )
    if scope is not None and scope.company_id is not None:
        company_id = scope.company_id
        options.append(
            with_loader_criteria(TenantOwned, lambda cls: cls.company_id == company_id, include_aliases=True)
        )
        options.append(with_loader_criteria(TenantRoot, lambda cls: cls.id == company_id, include_aliases=True))
    if scope is not None and scope.user_id is not None:
        options.extend(_row_rules(scope))
    return tuple(options)


def scoped(stmt):
    """`stmt` with the criteria the execute hook will add, for code that must see them (the count cache key)."""
    return stmt.options(*scope_options(_current.get(), bool(stmt.get_execution_options().get("include_deleted"))))


PREBUILT = "siete_prebuilt"  # execution option of a statement built once and executed many times (ids bound)
_prebuilt = {}  # (id(statement), id(options)) -> (statement, options, statement with the options)
_MAX_PREBUILT = 1024


def _with_scope(stmt, options):
    """`stmt.options(*options)`; for a prebuilt statement the same scoped object each time, so SQLAlchemy's
    memoized cache key is reused instead of walking the statement and its criteria again per execution."""
    if not stmt._execution_options.get(PREBUILT):
        return stmt.options(*options)
    key = (id(stmt), id(options))
    entry = _prebuilt.get(key)
    if entry is None or entry[0] is not stmt or entry[1] is not options:
        if len(_prebuilt) >= _MAX_PREBUILT:
            _prebuilt.clear()
        entry = _prebuilt[key] = (stmt, options, stmt.options(*options))  # holding both keeps their ids unique
    return entry[2]


@event.listens_for(Session, "do_orm_execute")
def _apply_scope(state):
    if state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    scope = _current.get()
    if scope is None and _touches_tenant_data(state):
        raise TenancyError("Tenant data queried outside any tenant scope")
    options = scope_options(scope, bool(state.execution_options.get("include_deleted")))
    if options:
        state.statement = _with_scope(state.statement, options)
