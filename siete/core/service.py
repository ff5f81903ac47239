"""Service helpers: one transaction per service call, the actor of the current scope."""
from functools import wraps

from siete.core import tenancy
from siete.core.roles import Role


def transactional(func):
    """Commit when the service returns, roll back when it raises: nothing is half-written."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from siete.extensions import db

        try:
            result = func(*args, **kwargs)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise

    return wrapper


def actor_role() -> Role:
    return tenancy.current_scope().role


def actor_company_id() -> int | None:
    return tenancy.current_scope().company_id


def owning_company_id(requested):
    """Company a new row belongs to: a superadmin names it, everyone else gets their own."""
    from siete.core.errors import Invalid
    from siete.core.models import tenant_root_model

    scope = tenancy.current_scope()
    if not scope.is_superadmin:
        if requested is not None and requested != scope.company_id:
            raise Invalid({"company_id": ["You can only manage data of your own company"]})
        return scope.company_id
    if requested is None:
        raise Invalid({"company_id": ["Required: choose the company this belongs to"]})
    return tenancy.get_or_404(tenant_root_model(), requested).id


def replace_links(model, owner_field, owner_id, target_field, target_ids, company_id):
    """Make the live link rows of one owner exactly `target_ids` (soft-deleting the rest)."""
    from siete.extensions import db
    from sqlalchemy import select

    current = {getattr(row, target_field): row for row in db.session.scalars(
        select(model).where(getattr(model, owner_field) == owner_id))}
    wanted = set(target_ids)
    for target_id, row in current.items():
        if target_id not in wanted:
            row.soft_delete()
    for target_id in wanted - current.keys():
        db.session.add(model(company_id=company_id, **{owner_field: owner_id, target_field: target_id}))
    db.session.flush()
