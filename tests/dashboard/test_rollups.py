"""Rollups always equal a from-scratch aggregate, after a rebuild and after incremental refreshes."""
from datetime import timedelta

from sqlalchemy import select

from siete.core import tenancy
from siete.core.models import utcnow
from siete.dashboard import rollups
from siete.dashboard.models import EvaluationRollup
from tests.dashboard.conftest import DAY0
from tests.factories import EvaluationFactory

FIELDS = [c.name for c in EvaluationRollup.__table__.columns
          if c.name not in ("id", "created_at", "updated_at", "deleted_at")]


def _stored(db_session):
    with tenancy.system_scope():
        rows = db_session.scalars(select(EvaluationRollup)).all()
    return sorted(tuple(_norm(getattr(r, f)) for f in FIELDS) for r in rows)


def _fresh(db_session):
    with tenancy.system_scope():
        rows = db_session.execute(rollups.aggregate_select()).mappings().all()
    return sorted(tuple(_norm(row[f]) for f in FIELDS) for row in rows)


def _norm(value):
    return round(float(value), 6) if isinstance(value, float) else rollups._as_date(value) if hasattr(value, "year") else value


class MemoryWatermark:
    def __init__(self):
        self.value = None

    def get(self):
        return self.value

    def set(self, moment):
        self.value = moment


def test_rebuild_equals_a_from_scratch_aggregate(generated, db_session):
    stored = _stored(db_session)
    assert stored == _fresh(db_session)
    assert sum(row[FIELDS.index("submitted")] for row in stored) == 65


def test_incremental_refresh_recomputes_only_touched_days(generated, db_session):
    watermark = MemoryWatermark()
    with tenancy.system_scope():
        first = rollups.refresh(watermark)
    assert first["days"] > 2
    world = generated[0]
    changed, removed = world["evaluations"][0], world["evaluations"][1]
    changed.status = "failed"
    removed.soft_delete()
    added = EvaluationFactory(company=world["company"], campaign=world["campaigns"][1], zone=world["zones"][0],
                              user=world["shoppers"][0])
    added.created_at = DAY0 + timedelta(days=40)
    db_session.commit()
    assert _stored(db_session) != _fresh(db_session)
    with tenancy.system_scope():
        second = rollups.refresh(watermark)
    touched = {changed.created_at.date(), removed.created_at.date(), added.created_at.date()}
    assert second["days"] == len(touched)
    assert _stored(db_session) == _fresh(db_session)
    watermark.set(utcnow() + rollups.OVERLAP)  # once the overlap window has passed, nothing is left to redo
    with tenancy.system_scope():
        assert rollups.refresh(watermark)["days"] == 0


def test_rebuild_command(app, generated, db_session):
    result = app.test_cli_runner().invoke(args=["rollups", "rebuild"])
    assert result.exit_code == 0 and "rebuilt" in result.output
    assert _stored(db_session) == _fresh(db_session)


SHOPPER_MONTHS = """
SELECT company_id, campaign_id, user_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month,
       count(*) AS submitted, count(*) FILTER (WHERE status = 'completed') AS completed
FROM evaluations WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4
"""


def test_shopper_rollups_equal_the_raw_monthly_counts(generated, db_session):
    from sqlalchemy import text

    from siete.dashboard.models import ShopperRollup

    world = generated[0]
    world["evaluations"][2].soft_delete()
    db_session.commit()
    with tenancy.system_scope():
        rollups.rebuild()
        stored = sorted((r.company_id, r.campaign_id, r.user_id, r.month, r.submitted, r.completed)
                        for r in db_session.scalars(select(ShopperRollup)))
    assert stored == sorted(tuple(row) for row in db_session.execute(text(SHOPPER_MONTHS)))
