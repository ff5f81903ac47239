"""Scheduled reports: one report per schedule and period whatever runs the enqueueing, recipients told by mail."""
from datetime import date

from sqlalchemy import func, select

from siete.core import tenancy
from siete.delivery.models import Delivery
from siete.extensions import db
from siete.notifications.models import Notification
from siete.reports import build, schedules
from siete.reports.models import Report
from siete.reports.periods import previous_period
from tests.factories import CompanyFactory, UserFactory, auth_headers


def _schedule(client, world, **overrides):
    body = {"name": "Resumen semanal", "kind": "evaluations_xlsx", "frequency": "weekly",
            "campaign_id": world["campaign"].id, "recipient_ids": [world["admin"].id, world["manager"].id],
            **overrides}
    return client.post("/api/v1/reports/schedules", headers=auth_headers(world["admin"]), json=body)


def _reports(schedule_id):
    with tenancy.system_scope():
        return db.session.scalars(select(Report).where(Report.schedule_id == schedule_id)
                                  .execution_options(populate_existing=True)).all()


def test_periods_are_the_last_full_week_and_month():
    assert previous_period("weekly", date(2026, 12, 2)) == ("2026-W48", date(2026, 11, 23), date(2026, 11, 29))
    assert previous_period("monthly", date(2026, 12, 2)) == ("2026-11", date(2026, 11, 1), date(2026, 11, 30))
    assert previous_period("monthly", date(2027, 1, 1))[0] == "2026-12"


def test_one_report_per_period_however_often_beat_runs(world, client):
    schedule = _schedule(client, world).json
    assert len(schedules.enqueue_due(date(2026, 12, 2))) == 1
    assert schedules.enqueue_due(date(2026, 12, 2)) == []
    assert schedules.enqueue_due(date(2026, 12, 6)) == []  # same week
    with tenancy.system_scope():  # a restarted beat that lost its memory of the last period
        db.session.execute(schedules.ReportSchedule.__table__.update().values(last_period=None))
        db.session.commit()
    assert schedules.enqueue_due(date(2026, 12, 3)) == []
    assert len(schedules.enqueue_due(date(2026, 12, 9))) == 1  # the next week
    assert [(r.period, r.filters["date_from"], r.filters["date_to"]) for r in _reports(schedule["id"])] == [
        ("2026-W48", "2026-11-23", "2026-11-29"), ("2026-W49", "2026-11-30", "2026-12-06")]


def test_a_built_scheduled_report_notifies_and_mails_its_recipients(world, client):
    schedule = _schedule(client, world).json
    [report_id] = schedules.enqueue_due(date(2026, 11, 25))
    build.build(report_id)
    [report] = _reports(schedule["id"])
    assert report.status == "completed" and report.rows == 4  # the campaign's evaluations of 2026-11-16..22
    with tenancy.system_scope():
        notes = db.session.scalars(select(Notification).where(Notification.event == "report.ready")).all()
        mails = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.event == "report.ready",
                                                                                  Delivery.channel == "email"))
    assert {n.user_id for n in notes} == {world["admin"].id, world["manager"].id}
    assert mails == 2
    link = notes[0].data["link"]
    assert link.startswith("http://localhost:5000/api/v1/reports/")
    assert client.get(link.split("localhost:5000", 1)[1]).status_code == 200


def test_schedule_validation_and_roles(world, client):
    stranger = UserFactory(company=CompanyFactory())
    answer = _schedule(client, world, recipient_ids=[stranger.id])
    assert answer.status_code == 422 and "recipient_ids" in answer.json["errors"]["json"]
    assert _schedule(client, world, kind="evaluation_pdf").status_code == 422
    assert _schedule(client, world, frequency="daily").status_code == 422
    assert client.post("/api/v1/reports/schedules", headers=auth_headers(world["manager"]),
                       json={}).status_code == 403
    created = _schedule(client, world).json
    other_admin = UserFactory(admin=True, company=CompanyFactory())
    assert client.get(f"/api/v1/reports/schedules/{created['id']}",
                      headers=auth_headers(other_admin)).status_code == 404
    assert client.delete(f"/api/v1/reports/schedules/{created['id']}",
                         headers=auth_headers(world["admin"])).status_code == 204
    assert schedules.enqueue_due(date(2026, 12, 2)) == []
