"""List totals come from the Redis cache, yet stay exact after every write, per scope, and without Redis."""
import io
import json
from pathlib import Path

import pytest
import redis
from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from siete.core import tenancy
from siete.evaluations.models import Evaluation
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CampaignZoneFactory,
    CompanyFactory,
    EvaluationFactory,
    UserFactory,
    UserZoneFactory,
    ZoneFactory,
    auth_headers,
)

VIDEO = Path(__file__).resolve().parents[1] / "fixtures" / "media" / "good_service.mp4"


def _total(client, user, query=""):
    response = client.get(f"/api/v1/evaluations?page_size=1{query}", headers=auth_headers(user))
    assert response.status_code == 200, response.get_json()
    return json.loads(response.headers["X-Pagination"])["total"]


@pytest.fixture
def counts():
    """How many COUNT statements reach the database."""
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT COUNT("):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", listener)
    yield seen
    event.remove(Engine, "before_cursor_execute", listener)


def test_second_request_is_answered_from_the_cache(client, counts):
    admin = UserFactory(admin=True)
    EvaluationFactory.create_batch(3, company=admin.company)
    assert _total(client, admin) == 3
    assert len(counts) == 1
    assert _total(client, admin, "&page=2") == 3  # the page is not part of the key
    assert len(counts) == 1


def test_total_follows_a_submission_and_a_soft_delete_through_the_api(client, counts):
    company = CompanyFactory()
    admin, shopper = UserFactory(admin=True, company=company), UserFactory(company=company)
    campaign, zone = CampaignFactory(company=company), ZoneFactory(company=company)
    CampaignUserFactory(company=company, campaign=campaign, user=shopper)
    CampaignZoneFactory(company=company, campaign=campaign, zone=zone)
    UserZoneFactory(company=company, user=shopper, zone=zone)
    EvaluationFactory(company=company)
    assert _total(client, admin) == 1
    form = {"campaign_id": str(campaign.id), "zone_id": str(zone.id),
            "video": (io.BytesIO(VIDEO.read_bytes()), "visita.mp4", "video/mp4")}
    created = client.post("/api/v1/evaluations", headers=auth_headers(shopper), data=form,
                          content_type="multipart/form-data")
    assert created.status_code == 202, created.get_json()
    assert _total(client, admin) == 2
    deleted = client.delete(f"/api/v1/evaluations/{created.get_json()['id']}", headers=auth_headers(admin))
    assert deleted.status_code == 204
    assert _total(client, admin) == 1
    assert len(counts) == 3


def test_bulk_status_update_changes_the_status_filtered_total(client, db_session):
    admin = UserFactory(admin=True)
    evaluation = EvaluationFactory(company=admin.company, status="analyzing")
    assert _total(client, admin, "&status=failed") == 0
    assert _total(client, admin, "&status=analyzing") == 1
    with tenancy.tenant_scope(admin.company_id):
        db_session.execute(update(Evaluation).where(Evaluation.id == evaluation.id).values(status="failed")
                           .execution_options(synchronize_session=False))
        db_session.commit()
    assert _total(client, admin, "&status=failed") == 1
    assert _total(client, admin, "&status=analyzing") == 0


def test_a_rolled_back_write_keeps_the_cached_total(client, db_session, counts):
    admin = UserFactory(admin=True)
    EvaluationFactory(company=admin.company)
    assert _total(client, admin) == 1
    with tenancy.tenant_scope(admin.company_id):
        db_session.execute(update(Evaluation).values(status="failed").execution_options(synchronize_session=False))
        db_session.rollback()
    assert _total(client, admin) == 1
    assert len(counts) == 1


def test_tenants_and_roles_never_share_a_total(client):
    mine, theirs = CompanyFactory(), CompanyFactory()
    admin, other_admin = UserFactory(admin=True, company=mine), UserFactory(admin=True, company=theirs)
    manager, other_manager = UserFactory(manager=True, company=mine), UserFactory(manager=True, company=mine)
    managed = CampaignFactory(company=mine)
    CampaignUserFactory(company=mine, campaign=managed, user=manager)
    EvaluationFactory(company=mine, campaign=managed)
    EvaluationFactory.create_batch(2, company=mine)
    EvaluationFactory.create_batch(4, company=theirs)
    for _ in range(2):  # the second round is served from the cache
        assert _total(client, admin) == 3
        assert _total(client, other_admin) == 4
        assert _total(client, manager) == 1
        assert _total(client, other_manager) == 0
        assert _total(client, UserFactory(superadmin=True)) >= 7


def test_a_new_campaign_assignment_changes_a_managers_total(client):
    company = CompanyFactory()
    manager, campaign = UserFactory(manager=True, company=company), CampaignFactory(company=company)
    EvaluationFactory(company=company, campaign=campaign)
    assert _total(client, manager) == 0
    CampaignUserFactory(company=company, campaign=campaign, user=manager)  # only campaign_users is written
    assert _total(client, manager) == 1


def test_lists_work_with_the_right_total_when_redis_is_down(client, app, monkeypatch, counts):
    admin = UserFactory(admin=True)
    EvaluationFactory.create_batch(2, company=admin.company)
    monkeypatch.setitem(app.extensions, "siete_count_cache",
                        redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5))
    assert _total(client, admin) == 2
    assert client.delete(f"/api/v1/evaluations/{EvaluationFactory(company=admin.company).id}",
                         headers=auth_headers(admin)).status_code == 204  # the commit's bump fails quietly
    assert _total(client, admin) == 2
    assert len(counts) == 2


def test_without_redis_every_list_counts(client, app, monkeypatch, counts):
    admin = UserFactory(admin=True)
    monkeypatch.setitem(app.extensions, "siete_count_cache", None)
    assert _total(client, admin) == 0
    assert _total(client, admin) == 0
    assert len(counts) == 2


def test_one_tenants_writes_leave_the_other_tenants_cached_totals_alone(client, db_session, counts):
    busy, quiet = CompanyFactory(), CompanyFactory()
    busy_admin, quiet_admin = UserFactory(admin=True, company=busy), UserFactory(admin=True, company=quiet)
    superadmin = UserFactory(superadmin=True)
    moving = EvaluationFactory(company=busy, status="analyzing")
    EvaluationFactory.create_batch(2, company=quiet)
    everyone = _total(client, superadmin)
    assert (_total(client, busy_admin, "&status=failed"), _total(client, quiet_admin)) == (0, 2)
    assert len(counts) == 3
    with tenancy.tenant_scope(busy.id):  # the pipeline moves one of busy's evaluations
        db_session.execute(update(Evaluation).where(Evaluation.id == moving.id).values(status="failed")
                           .execution_options(synchronize_session=False))
        db_session.commit()
    assert _total(client, quiet_admin) == 2
    assert len(counts) == 3  # quiet's total came from the cache
    assert _total(client, busy_admin, "&status=failed") == 1
    assert len(counts) == 4  # busy's was counted again
    EvaluationFactory(company=quiet)
    assert _total(client, superadmin) == everyone + 1  # a cross-tenant total follows every tenant's writes


def test_a_write_of_unknown_company_voids_every_tenants_total(client, db_session):
    admin = UserFactory(admin=True)
    evaluation = EvaluationFactory(company=admin.company, status="analyzing")
    assert _total(client, admin, "&status=failed") == 0
    with tenancy.system_scope():  # a cross-tenant job: tenancy cannot say which company it wrote
        db_session.execute(update(Evaluation).where(Evaluation.id == evaluation.id).values(status="failed")
                           .execution_options(synchronize_session=False))
        db_session.commit()
    assert _total(client, admin, "&status=failed") == 1


def test_the_scoped_sql_is_compiled_once_per_statement_shape(db_session, monkeypatch):
    """Users of one role share the compiled SQL; their ids still give each its own key (issue #18)."""
    from sqlalchemy import select

    from siete.core import count_cache
    from siete.core.roles import Role

    compiled, scoped = [], tenancy.scoped
    monkeypatch.setattr(tenancy, "scoped", lambda stmt: compiled.append(stmt) or scoped(stmt))
    monkeypatch.setattr(count_cache, "_shapes", {})
    stmt = select(Evaluation).where(Evaluation.status == "failed")

    def key(**scope):
        with tenancy.enter(tenancy.Scope(**scope)):
            return count_cache._shape(db_session, stmt)[0]

    shoppers = {key(company_id=7, user_id=user_id, role=Role.SHOPPER) for user_id in (1, 2, 3)}
    assert len(shoppers) == 3 and len(compiled) == 1
    assert key(company_id=7, user_id=1, role=Role.SHOPPER) in shoppers and len(compiled) == 1
    other_company = key(company_id=8, user_id=1, role=Role.SHOPPER)
    admin = key(company_id=7, user_id=1, role=Role.ADMIN)
    reviewer = key(company_id=7, user_id=1, role=Role.SHOPPER, reviewer=True)
    assert len({*shoppers, other_company, admin}) == 5
    assert len(compiled) == 3  # the admin's criteria and the reviewer's scope are shapes of their own
    assert reviewer == key(company_id=7, user_id=1, role=Role.SHOPPER)  # ... whose SQL and values are the shopper's


def test_filters_key_the_total_and_the_sort_does_not(db_session, monkeypatch):
    """The key comes from the listed statement's own cache key and bound values, not from a COUNT built per call."""
    from sqlalchemy import select

    from siete.core import count_cache
    from siete.core.roles import Role

    monkeypatch.setattr(count_cache, "_shapes", {})

    def key(stmt):
        with tenancy.enter(tenancy.Scope(company_id=7, user_id=1, role=Role.ADMIN)):
            return count_cache._shape(db_session, stmt.order_by(None))[0]

    failed = select(Evaluation).where(Evaluation.status == "failed")
    assert key(failed) == key(failed.order_by(Evaluation.id.desc()))
    assert key(failed) != key(select(Evaluation).where(Evaluation.status == "completed"))
    assert key(failed) != key(select(Evaluation).where(Evaluation.error_code == "failed"))
    assert key(failed) != key(select(Evaluation))
