"""Tenancy fails closed and soft-deleted rows never appear in reads."""
import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.users.models import User
from siete.zones.models import Zone
from tests.factories import CompanyFactory, ZoneFactory


def test_querying_tenant_data_without_a_scope_raises(db_session):
    with pytest.raises(tenancy.TenancyError):
        db_session.scalars(select(Zone)).all()


def test_tenant_scope_sees_only_its_company(db_session):
    mine, theirs = CompanyFactory(), CompanyFactory()
    ZoneFactory(company=mine, name="Mine")
    ZoneFactory(company=theirs, name="Theirs")
    with tenancy.tenant_scope(mine.id):
        assert [z.name for z in db_session.scalars(select(Zone))] == ["Mine"]
    with tenancy.system_scope():
        assert {z.name for z in db_session.scalars(select(Zone))} >= {"Mine", "Theirs"}


def test_soft_deleted_rows_are_hidden_unless_asked_for(db_session):
    zone = ZoneFactory()
    zone.soft_delete()
    db_session.commit()
    with tenancy.system_scope():
        assert db_session.scalars(select(Zone).where(Zone.id == zone.id)).first() is None
        stmt = select(Zone).where(Zone.id == zone.id).execution_options(include_deleted=True)
        assert db_session.scalars(stmt).first() is not None


def test_scope_also_filters_joins(db_session):
    mine, theirs = CompanyFactory(), CompanyFactory()
    ZoneFactory(company=theirs)
    with tenancy.tenant_scope(mine.id):
        rows = db_session.execute(select(User.id, Zone.id).join(Zone, Zone.company_id == User.company_id)).all()
    assert rows == []


def test_scopes_in_sequence_each_see_only_their_rows(db_session):
    from siete.campaigns.models import Campaign
    from siete.core.roles import Role
    from tests.factories import CampaignFactory, CampaignUserFactory, UserFactory

    first, second = CompanyFactory(), CompanyFactory()
    ZoneFactory(company=first, name="First")
    ZoneFactory(company=second, name="Second")
    managers = [UserFactory(manager=True, company=first) for _ in range(2)]
    campaigns = [CampaignFactory(company=first) for _ in range(2)]
    for manager, campaign in zip(managers, campaigns):
        CampaignUserFactory(company=first, campaign=campaign, user=manager)
    for _ in range(2):  # the second round reuses the options cached per scope
        for company, name in ((first, "First"), (second, "Second")):
            with tenancy.tenant_scope(company.id):
                assert [z.name for z in db_session.scalars(select(Zone))] == [name]
        for manager, campaign in zip(managers, campaigns):
            with tenancy.enter(tenancy.Scope(company_id=first.id, user_id=manager.id, role=Role.MANAGER)):
                assert [c.id for c in db_session.scalars(select(Campaign))] == [campaign.id]
