"""Notifications: the inbox of the current user, and the one function other modules call to notify."""
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from siete.campaigns.models import CampaignUser
from siete.core import tenancy
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.core.service import transactional
from siete.extensions import db
from siete.notifications.models import Notification
from siete.users.models import User


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


def _insert_ignoring_duplicates(rows):
    """One row per (evaluation, event, recipient): a re-run never notifies twice."""
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Notification).values(rows).on_conflict_do_nothing().returning(Notification.id)
    return len(db.session.execute(stmt).all())


def notify(user_ids, *, event, title, message=None, data=None, evaluation_id=None, company_id=None):
    """Queue notifications for users in the caller's transaction; returns how many were new."""
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


def campaign_manager_ids(campaign_id):
    assigned = select(CampaignUser.user_id).where(CampaignUser.campaign_id == campaign_id)
    return db.session.scalars(
        select(User.id).where(User.id.in_(assigned), User.role == int(Role.MANAGER))
    ).all()
