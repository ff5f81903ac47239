"""Report schedules: admins choose kind, filters, frequency and recipients; beat asks for one report per period."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from siete.core import tenancy
from siete.core.errors import Invalid
from siete.core.models import utcnow
from siete.core.service import owning_company_id, transactional
from siete.extensions import db
from siete.reports import service
from siete.reports.models import Report, ReportSchedule
from siete.reports.periods import previous_period
from siete.users.models import User

SCHEDULABLE = ("campaign_pdf", "evaluations_xlsx", "evaluations_csv", "survey_xlsx", "survey_csv")


def _recipients(company_id, user_ids):
    found = set(db.session.scalars(select(User.id).where(User.id.in_(user_ids), User.company_id == company_id)))
    missing = sorted(set(user_ids) - found)
    if missing:
        raise Invalid({"recipient_ids": [f"Not users of this company: {', '.join(map(str, missing))}"]})
    return list(dict.fromkeys(user_ids))


@transactional
def create_schedule(data):
    company_id = owning_company_id(data.get("company_id"))
    if data["kind"] not in SCHEDULABLE:
        raise Invalid({"kind": [f"Schedulable kinds: {', '.join(SCHEDULABLE)}"]})
    filters = {k: data[k] for k in ("campaign_id", "zone_id", "survey_id") if data.get(k) is not None}
    service._check_filters(data["kind"], filters, company_id)
    schedule = ReportSchedule(company_id=company_id, name=data["name"], kind=data["kind"], filters=filters,
                              frequency=data["frequency"], recipient_ids=_recipients(company_id, data["recipient_ids"]),
                              created_by_id=tenancy.current_scope().user_id, active=True)
    db.session.add(schedule)
    db.session.flush()
    return schedule


def list_schedules():
    return select(ReportSchedule).order_by(ReportSchedule.id)


def get_schedule(schedule_id):
    return tenancy.get_or_404(ReportSchedule, schedule_id)


@transactional
def delete_schedule(schedule_id):
    get_schedule(schedule_id).soft_delete()


def enqueue_due(today=None):
    """Ask for each active schedule's last full period; the (schedule, period) key makes a second beat, a restart
    or a duplicate run a no-op. Returns the ids of the reports created now."""
    today = today or date.today()
    created = []
    with tenancy.system_scope():
        schedules = db.session.scalars(select(ReportSchedule).where(ReportSchedule.active.is_(True))).all()
        insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        for schedule in schedules:
            key, first, last = previous_period(schedule.frequency, today)
            if schedule.last_period == key:
                continue
            now = utcnow()
            filters = {**schedule.filters, "date_from": first.isoformat(), "date_to": last.isoformat()}
            report_id = db.session.scalar(insert(Report).values(
                company_id=schedule.company_id, kind=schedule.kind, filters=filters,
                requested_by_id=schedule.created_by_id, status="pending", progress=0, schedule_id=schedule.id,
                period=key, created_at=now, updated_at=now).on_conflict_do_nothing().returning(Report.id))
            schedule.last_period = key
            if report_id is not None:
                created.append(report_id)
        service.enqueue_after_commit(created)
        db.session.commit()
    return created
