"""Beat job enforcing subscriptions: past_due after paid_until, suspended after the grace period."""
from datetime import date, timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import select

from siete.companies.models import Company
from siete.core import tenancy
from siete.extensions import db


def _notify_admins(company, event, title, message):
    from siete.notifications.service import company_admin_ids, notify

    notify(company_admin_ids(company.id), event=event, title=title, message=message, company_id=company.id,
           data={"company_id": company.id, "paid_until": company.paid_until.isoformat()})


def enforce_subscriptions(today=None):
    """Move overdue companies along active → past_due → suspended; companies never billed are left alone."""
    today = today or date.today()
    grace = timedelta(days=current_app.config["SUBSCRIPTION_GRACE_DAYS"])
    changed = {"past_due": 0, "suspended": 0}
    overdue = db.session.scalars(select(Company).where(Company.paid_until.is_not(None), Company.paid_until < today,
                                                       Company.subscription_status != "suspended")).all()
    for company in overdue:
        if company.subscription_status == "active":
            company.subscription_status = "past_due"
            changed["past_due"] += 1
            _notify_admins(company, "subscription.past_due", "Pago pendiente",
                           f"Su suscripción venció el {company.paid_until}. Registre un pago para evitar la "
                           f"suspensión en {grace.days} días.")
        if company.subscription_status == "past_due" and company.paid_until + grace < today:
            company.subscription_status = "suspended"
            changed["suspended"] += 1
            _notify_admins(company, "subscription.suspended", "Suscripción suspendida",
                           "La cuenta quedó en solo lectura hasta registrar un pago.")
    db.session.commit()
    return changed


@shared_task(name="siete.companies.check_subscriptions")
def check_subscriptions():
    with tenancy.system_scope():
        return enforce_subscriptions()
