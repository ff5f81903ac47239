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


def test_column_selects_of_an_entity_get_its_criteria(db_session):
    """The list reads its page as rows of the listed columns (core.pagination): tenancy, soft delete and a row rule
    apply to an ORM-enabled select of columns exactly as to the entity."""
    from siete.core.pagination import listed_columns
    from siete.core.roles import Role
    from siete.evaluations.models import Evaluation
    from siete.evaluations.schemas import EvaluationSchema
    from tests.factories import EvaluationFactory

    mine, theirs = CompanyFactory(), CompanyFactory()
    visible = EvaluationFactory(company=mine)
    other_shopper = EvaluationFactory(company=mine)
    deleted = EvaluationFactory(company=mine)
    deleted.soft_delete()
    EvaluationFactory(company=theirs)
    db_session.commit()
    columns = listed_columns(select(Evaluation), EvaluationSchema(many=True))
    stmt = select(Evaluation).order_by(Evaluation.id).with_only_columns(*columns, maintain_column_froms=True)
    with tenancy.tenant_scope(mine.id):
        assert [row.id for row in db_session.execute(stmt)] == [visible.id, other_shopper.id]
    with tenancy.enter(tenancy.Scope(company_id=mine.id, user_id=visible.user_id, role=Role.SHOPPER)):
        rows = db_session.execute(stmt).all()
    assert [row.id for row in rows] == [visible.id]
    assert rows[0].error_code is None and not hasattr(rows[0], "media_key")  # only the listed columns are read
    with tenancy.system_scope():
        assert {row.id for row in db_session.execute(stmt)} >= {visible.id, other_shopper.id}
        assert deleted.id not in {row.id for row in db_session.execute(stmt)}
    with pytest.raises(tenancy.TenancyError):
        db_session.execute(stmt).all()


def test_a_computed_field_not_declared_makes_the_list_read_the_entity():
    import marshmallow as ma

    from siete.core.pagination import listed_columns
    from siete.core.schemas import EntitySchema
    from siete.evaluations.models import Evaluation

    class Undeclared(EntitySchema):
        company_name = ma.fields.Function(lambda e: e.company.name)

    class NotAColumn(EntitySchema):
        answers = ma.fields.Dict()

    class Declared(EntitySchema):
        COMPUTED_FROM = {"done": ("status",)}
        done = ma.fields.Function(lambda e: e.status == "completed")

    assert listed_columns(select(Evaluation), Undeclared(many=True)) is None
    assert listed_columns(select(Evaluation), NotAColumn(many=True)) is None
    assert [c.key for c in listed_columns(select(Evaluation), Declared(many=True))] == [
        "id", "created_at", "updated_at", "status"]
    assert listed_columns(select(Evaluation.id), Declared(many=True)) is None  # not one entity: left as it is
    from sqlalchemy.orm import defer

    deferred = select(Evaluation).options(defer(Evaluation.comments))
    assert listed_columns(deferred, Declared(many=True)) is None  # loader options are the entity's


def test_a_prebuilt_statement_gets_each_scope_criteria(db_session):
    """A statement built once and executed many times (tenancy.PREBUILT) reuses its scoped copy per scope, and each
    scope still sees only its own rows; soft-deleted rows stay hidden."""
    from sqlalchemy import bindparam

    mine, theirs = CompanyFactory(), CompanyFactory()
    ZoneFactory(company=mine, name="Mine")
    ZoneFactory(company=theirs, name="Theirs")
    gone = ZoneFactory(company=mine, name="Gone")
    gone.soft_delete()
    db_session.commit()
    stmt = (select(Zone.name).where(Zone.name != bindparam("skip"))
            .execution_options(**{tenancy.PREBUILT: True}).order_by(Zone.name))
    for _ in range(2):
        with tenancy.tenant_scope(mine.id):
            assert db_session.scalars(stmt, {"skip": "x"}).all() == ["Mine"]
        with tenancy.tenant_scope(theirs.id):
            assert db_session.scalars(stmt, {"skip": "x"}).all() == ["Theirs"]
        with tenancy.system_scope():
            assert {"Mine", "Theirs"} <= set(db_session.scalars(stmt, {"skip": "x"}).all())
            assert "Gone" not in db_session.scalars(stmt, {"skip": "x"}).all()
    options = tenancy.scope_options(tenancy.Scope(company_id=mine.id))
    assert tenancy._with_scope(stmt, options) is tenancy._with_scope(stmt, options)
