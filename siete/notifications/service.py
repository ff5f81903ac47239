"""Notifications: my inbox and its live stream, and the one function other modules call to notify."""
import json
import time

import redis
from flask import current_app
from flask_jwt_extended import get_jwt
from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.exceptions import ServiceUnavailable

from siete.campaigns.models import CampaignUser
from siete.core import tenancy
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.core.service import transactional
from siete.extensions import db
from siete.notifications import stream
from siete.notifications.models import Notification
from siete.notifications.schemas import NotificationSchema
from siete.users.models import User

RETURNED = (Notification.id, Notification.user_id, Notification.event, Notification.title,
            Notification.message, Notification.data, Notification.evaluation_id, Notification.read_at,
            Notification.created_at, Notification.updated_at)


def list_notifications(args):
    stmt = select(Notification).order_by(Notification.created_at.desc(), Notification.id.desc())
    if args.get("unread") is True:
        stmt = stmt.where(Notification.read_at.is_(None))
    elif args.get("unread") is False:
        stmt = stmt.where(Notification.read_at.is_not(None))
    return stmt


@transactional
def mark_read(notification_id):
    notification = tenancy.get_or_404(Notification, notification_id)
    notification.read_at = notification.read_at or utcnow()
    return notification


@transactional
def mark_all_read():
    result = db.session.execute(
        update(Notification).where(Notification.read_at.is_(None)).values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return {"updated": result.rowcount}


def payload(notification):
    """The JSON a stream event carries: the same fields as an inbox item."""
    return json.dumps(NotificationSchema().dump(notification), separators=(",", ":"), ensure_ascii=False)


def _insert_ignoring_duplicates(rows):
    """One row per (evaluation, event, recipient): a re-run never notifies twice; new rows go live."""
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Notification).values(rows).on_conflict_do_nothing().returning(*RETURNED)
    created = db.session.execute(stmt).all()
    stream.publish_after_commit(db.session(), [(row.user_id, payload(row)) for row in created])
    from siete.delivery.service import plan_deliveries  # e-mail/SMS beside the in-app rows, per preferences

    plan_deliveries(created, rows[0]["company_id"])
    return len(created)


def notify(user_ids, *, event, title, message=None, data=None, evaluation_id=None, company_id=None):
    """Queue notifications in the caller's transaction (published when it commits); returns the new count."""
    now = utcnow()
    rows = [
        {"user_id": uid, "company_id": company_id, "event": event, "title": title, "message": message,
         "data": data, "evaluation_id": evaluation_id, "created_at": now, "updated_at": now}
        for uid in dict.fromkeys(user_ids)
    ]
    return _insert_ignoring_duplicates(rows)


def company_admin_ids(company_id):
    return db.session.scalars(
        select(User.id).where(User.company_id == company_id, User.role == int(Role.ADMIN))
    ).all()


def reviewer_ids(company_id):
    """Who reviews this company's analyses: its users holding the reviewer permission, and the superadmins (who
    belong to no company, hence read outside the tenant's scope)."""
    with tenancy.system_scope():
        return db.session.scalars(
            select(User.id).where(User.deleted_at.is_(None),
                                  or_(User.role == int(Role.SUPERADMIN),
                                      and_(User.company_id == company_id, User.is_reviewer.is_(True))))
        ).all()


def campaign_manager_ids(campaign_id):
    assigned = select(CampaignUser.user_id).where(CampaignUser.campaign_id == campaign_id)
    return db.session.scalars(
        select(User.id).where(User.id.in_(assigned), User.role == int(Role.MANAGER))
    ).all()


def _backlog(after_id, limit):
    """(cursor, [(id, payload)], truncated): with no `after_id`, nothing to replay and my newest id as cursor;
    else my notifications after it, oldest first, at most the newest `limit`."""
    if after_id is None:
        newest = db.session.scalar(select(Notification.id).order_by(Notification.id.desc()).limit(1))
        return newest or 0, [], False
    rows = db.session.scalars(
        select(Notification).where(Notification.id > after_id)
        .order_by(Notification.id.desc()).limit(limit + 1)
    ).all()
    return after_id, [(row.id, payload(row)) for row in reversed(rows[:limit])], len(rows) > limit


def open_stream(last_event_id):
    """Subscribe to my channel, then read the replay (so nothing committed in between is lost), release the
    database, and return the SSE body; it ends at the configured lifetime or when the token expires."""
    bus = stream.bus()
    if bus is None:
        raise ServiceUnavailable("Live notifications need Redis (REDIS_URL); poll GET /api/v1/notifications")
    try:
        pubsub = bus.subscribe(tenancy.current_scope().user_id)
    except redis.RedisError:
        raise ServiceUnavailable("Live notifications are unavailable right now", retry_after=5) from None
    try:
        limit = current_app.config["NOTIFICATIONS_STREAM_REPLAY_LIMIT"]
        cursor, backlog, truncated = _backlog(last_event_id, limit)
    except BaseException:
        pubsub.close()
        raise
    finally:
        db.session.close()
    token, blocklist = get_jwt(), current_app.extensions["siete_blocklist"]
    heartbeat = current_app.config["NOTIFICATIONS_STREAM_HEARTBEAT"]
    head = stream.head(cursor, backlog, truncated=truncated, heartbeat=heartbeat,
                       retry_ms=current_app.config["NOTIFICATIONS_STREAM_RETRY_MS"])
    return stream.EventStream(
        pubsub, head, skip_ids=[note_id for note_id, _ in backlog], heartbeat=heartbeat,
        lifetime=max(0.0, min(current_app.config["NOTIFICATIONS_STREAM_MAX_AGE"], token["exp"] - time.time())),
        still_valid=lambda: not blocklist.is_revoked(token["jti"]),
    )
