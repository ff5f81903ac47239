"""Delivery: plan e-mail/SMS for new notifications, send one with a claim that survives redelivery, list them."""
import logging
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from siete.companies.models import Company
from siete.core import after_commit, tenancy
from siete.core.errors import Invalid, NotFound
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.core.service import owning_company_id, transactional
from siete.delivery import preferences, templates
from siete.core.mail import MailError, send_mail
from siete.delivery.models import Delivery
from siete.extensions import db
from siete.notifications.models import Notification
from siete.users.models import User

log = logging.getLogger(__name__)
PENDING = "siete_deliveries_pending"  # Session.info key: delivery ids to enqueue once their rows are committed


def plan_deliveries(notifications, company_id):
    """One queued row per (notification, channel, recipient) the preferences ask for; sent after the commit."""
    if company_id is None or not notifications:
        return 0
    by_event = {}
    for note in notifications:
        by_event.setdefault(note.event, []).append(note)
    users = {u.id: u for u in db.session.execute(
        select(User.id, User.email, User.phone).where(User.id.in_({n.user_id for n in notifications}))).all()}
    now, rows = utcnow(), []
    for event, notes in by_event.items():
        chosen = preferences.effective(company_id, [n.user_id for n in notes], event)
        for note in notes:
            user = users.get(note.user_id)
            if user is None:
                continue
            wants = chosen[note.user_id]
            for channel, address in (("email", user.email), ("sms", user.phone)):
                if wants[channel] and address:
                    rows.append({"company_id": company_id, "notification_id": note.id, "user_id": note.user_id,
                                 "event": event, "channel": channel, "address": address, "status": "queued",
                                 "attempts": 0, "created_at": now, "updated_at": now})
    if not rows:
        return 0
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    ids = db.session.scalars(insert(Delivery).values(rows).on_conflict_do_nothing().returning(Delivery.id)).all()
    after_commit.defer(db.session(), PENDING, ids)
    return len(ids)


def _enqueue(ids):
    from siete.delivery.tasks import send_delivery

    for delivery_id in ids:
        try:
            send_delivery.delay(delivery_id)
        except Exception as exc:  # noqa: BLE001 - the row stays queued; the sweep enqueues it again
            log.warning("delivery %s not enqueued (the sweep will retry): %s", delivery_id, exc)


after_commit.on_commit(PENDING, _enqueue)


def _claim(delivery_id, task_id, lease):
    """Take the row for this attempt; a redelivered task (same id) or a long-silent holder may take it again."""
    now = utcnow()
    claimable = or_(Delivery.status.in_(("queued", "retrying")),
                    (Delivery.status == "sending") & (or_(Delivery.task_id == task_id,
                                                          Delivery.last_attempt_at < now - lease)))
    claimed = db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id, claimable)
        .values(status="sending", attempts=Delivery.attempts + 1, task_id=task_id, last_attempt_at=now)
        .returning(Delivery.id).execution_options(synchronize_session=False)).first()
    db.session.commit()
    return claimed is not None


def send(delivery_id, task_id):
    """Send one delivery; returns seconds to wait before a retry, or None when the row is settled."""
    with tenancy.system_scope():
        company_id = db.session.scalar(select(Delivery.company_id).where(Delivery.id == delivery_id))
        db.session.commit()
    if company_id is None:
        return None
    config = current_app.config
    with tenancy.tenant_scope(company_id):
        if not _claim(delivery_id, task_id, timedelta(seconds=config["DELIVERY_SEND_LEASE"])):
            return None
        delivery = db.session.get(Delivery, delivery_id, populate_existing=True)  # the claim's values
        try:
            sent = _dispatch(config, delivery)
        except MailError as exc:
            return _record_failure(config, delivery, exc)
        delivery.status, delivery.sent_at = "sent", utcnow()
        delivery.provider, delivery.provider_message_id = sent.channel, sent.message_id
        delivery.error_code = delivery.error_message = delivery.provider_code = None
        db.session.commit()
        return None


def _dispatch(config, delivery):
    note = db.session.get(Notification, delivery.notification_id)
    company = db.session.get(Company, delivery.company_id)
    name = company.name if company else None
    if delivery.channel == "sms":
        from siete.delivery.sms import send_sms  # Twilio's client loads only where an SMS is sent

        return send_sms(delivery.address, templates.sms(note, name), settings=config)
    user = db.session.get(User, delivery.user_id)
    subject, text, html, headers = templates.email(config, note, user, name)
    return send_mail(delivery.address, subject, text, html, headers, settings=config)


def _record_failure(config, delivery, exc):
    """A provider's refusal is final (bounced); a transient fault retries with backoff until attempts run out."""
    delivery.error_code, delivery.error_message = exc.code, exc.message[:2000]
    delivery.provider_code = exc.provider_code
    retry_in = None
    if not exc.transient:
        delivery.status = "bounced" if exc.provider_code else "failed"
    elif delivery.attempts >= config["DELIVERY_MAX_ATTEMPTS"]:
        delivery.status = "failed"
        delivery.error_message = f"{exc.message[:1900]} (gave up after {delivery.attempts} attempts)"
    else:
        delivery.status = "retrying"
        ceiling = min(config["DELIVERY_RETRY_BACKOFF_MAX"],
                      config["DELIVERY_RETRY_BACKOFF_BASE"] * 2 ** (delivery.attempts - 1))
        retry_in = random.uniform(ceiling / 2, ceiling)
    db.session.commit()
    log.info("delivery %s: %s (%s)", delivery.id, delivery.status, exc)
    return retry_in


def sweep(older_than_seconds=120):
    """Enqueue rows whose task was lost (broker down at commit, or a holder silent past its lease)."""
    config = current_app.config
    now = utcnow()
    with tenancy.system_scope():
        ids = db.session.scalars(select(Delivery.id).where(or_(
            (Delivery.status == "queued") & (Delivery.created_at < now - timedelta(seconds=older_than_seconds)),
            (Delivery.status == "sending")
            & (Delivery.last_attempt_at < now - timedelta(seconds=config["DELIVERY_SEND_LEASE"])),
        )).limit(1000)).all()
        db.session.commit()
    _enqueue(ids)
    return len(ids)


def list_deliveries(args):
    stmt = select(Delivery).order_by(Delivery.created_at.desc(), Delivery.id.desc())
    for field in ("status", "channel", "event", "user_id", "notification_id"):
        if args.get(field) is not None:
            stmt = stmt.where(getattr(Delivery, field) == args[field])
    return stmt


def get_delivery(delivery_id):
    return tenancy.get_or_404(Delivery, delivery_id)


def my_preferences():
    scope = tenancy.current_scope()
    if scope.company_id is None:
        return [{"event": e, "label": label, **preferences.builtin(e)} for e, (label, *_r) in
                preferences.EVENTS.items()]
    return preferences.listing(scope.company_id, scope.user_id)


def _check_events(items):
    unknown = sorted({item["event"] for item in items} - preferences.EVENTS.keys())
    if unknown:
        raise Invalid({"preferences": [f"Unknown event(s): {', '.join(unknown)}"]})


@transactional
def update_my_preferences(items):
    scope = tenancy.current_scope()
    if scope.company_id is None:
        raise Invalid({"preferences": ["Superadmins belong to no company and get no e-mail or SMS notifications"]})
    _check_events(items)
    for item in items:
        preferences.store(scope.company_id, scope.user_id, item["event"], email=item.get("email"),
                          sms=item.get("sms"))
    return preferences.listing(scope.company_id, scope.user_id)


def company_defaults(company_id=None):
    return preferences.listing(owning_company_id(company_id), None)


@transactional
def update_company_defaults(items, company_id=None):
    company_id = owning_company_id(company_id)
    _check_events(items)
    for item in items:
        preferences.store(company_id, None, item["event"], email=item.get("email"), sms=item.get("sms"))
    return preferences.listing(company_id, None)


def _unsubscribing_user(token):
    found = templates.read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    if found is None:
        raise NotFound("This unsubscribe link is not valid")
    user_id, event = found
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None or user.company_id is None or user.role == Role.SUPERADMIN:
        raise NotFound("This unsubscribe link is not valid")
    return user, event, preferences.EVENTS.get(event, (event,))[0]


def unsubscribe_page(token):
    """What the link in a mail opens: a confirmation page (a link scanner's GET must not unsubscribe anyone)."""
    with tenancy.system_scope():
        _user, _event, label = _unsubscribing_user(token)
        db.session.commit()
    return templates.unsubscribe_page(label, done=False)


@transactional
def unsubscribe(token):
    """The confirmation or a mail client's one-click POST (RFC 8058): no more e-mail of that event for that user."""
    with tenancy.system_scope():
        user, event, label = _unsubscribing_user(token)
        preferences.store(user.company_id, user.id, event, email=False)
    return templates.unsubscribe_page(label, done=True)
