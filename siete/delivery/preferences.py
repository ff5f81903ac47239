"""Which channels carry an event to a user: the user's own choice, else the company's default, else the built-in."""
from sqlalchemy import select

from siete.delivery.models import DeliveryPreference
from siete.extensions import db

EVENTS = {  # event: (Spanish label, built-in email, built-in sms)
    "evaluation.completed": ("Evaluación analizada", True, False),
    "evaluation.failed": ("Evaluación fallida", True, False),
    "analysis.ready": ("Nuevo análisis", True, False),
    "analysis.critical": ("Alerta crítica", True, True),
    "campaign.assigned": ("Asignación a campaña", True, False),
    "report.ready": ("Reporte listo", True, False),
}
UNKNOWN_EVENT = (None, True, False)  # events added later (subscriptions, reviews) mail by default, no SMS


def builtin(event):
    _label, email, sms = EVENTS.get(event, UNKNOWN_EVENT)
    return {"email": email, "sms": sms}


def effective(company_id, user_ids, event):
    """{user_id: {"email": bool, "sms": bool}} for one event."""
    rows = db.session.scalars(select(DeliveryPreference).where(
        DeliveryPreference.company_id == company_id, DeliveryPreference.event == event,
        (DeliveryPreference.user_id.in_(user_ids)) | DeliveryPreference.user_id.is_(None))).all()
    default = builtin(event)
    for row in rows:
        if row.user_id is None:
            default = {"email": row.email, "sms": row.sms}
    chosen = {row.user_id: {"email": row.email, "sms": row.sms} for row in rows if row.user_id is not None}
    return {uid: chosen.get(uid, default) for uid in user_ids}


def listing(company_id, user_id):
    """Every known event with its effective channels for `user_id` (None: the company's defaults)."""
    out = []
    for event, (label, _email, _sms) in EVENTS.items():
        if user_id is None:
            rows = db.session.scalars(select(DeliveryPreference).where(
                DeliveryPreference.company_id == company_id, DeliveryPreference.event == event,
                DeliveryPreference.user_id.is_(None))).all()
            value = {"email": rows[0].email, "sms": rows[0].sms} if rows else builtin(event)
        else:
            value = effective(company_id, [user_id], event)[user_id]
        out.append({"event": event, "label": label, **value})
    return out


def store(company_id, user_id, event, *, email=None, sms=None):
    """Upsert one preference row (user_id None: the company default); unset channels keep their effective value."""
    row = db.session.scalars(select(DeliveryPreference).where(
        DeliveryPreference.company_id == company_id, DeliveryPreference.event == event,
        DeliveryPreference.user_id.is_(None) if user_id is None else DeliveryPreference.user_id == user_id)).first()
    if row is None:
        current = listing_value(company_id, user_id, event)
        row = DeliveryPreference(company_id=company_id, user_id=user_id, event=event, **current)
        db.session.add(row)
    if email is not None:
        row.email = email
    if sms is not None:
        row.sms = sms
    db.session.flush()
    return row


def listing_value(company_id, user_id, event):
    if user_id is None:
        return builtin(event)
    return effective(company_id, [user_id], event)[user_id]
