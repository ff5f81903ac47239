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
