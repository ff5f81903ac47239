"""Every model has a factory that builds a valid row in the real schema."""
import pytest
from sqlalchemy import func, select

from tests.factories import ALL_FACTORIES


@pytest.mark.parametrize("factory", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_factory_persists_a_row(db_session, system_scope, factory):
    row = factory()
    model = factory._meta.model
    assert db_session.scalar(select(func.count()).select_from(model).where(model.id == row.id)) == 1
