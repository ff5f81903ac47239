"""Notifications: my inbox only, unread filter, newest first, read and read-all; notify is idempotent."""
from sqlalchemy import func, select

from siete.core import tenancy
from siete.notifications import service
from siete.notifications.models import Notification
from tests.factories import CampaignUserFactory, CompanyFactory, EvaluationFactory, NotificationFactory, UserFactory, auth_headers


def test_inbox_lists_only_my_notifications_newest_first(client):
    me, someone = UserFactory(), UserFactory()
    older = NotificationFactory(user=me, company=me.company, title="older")
    newer = NotificationFactory(user=me, company=me.company, title="newer")
    NotificationFactory(user=someone, company=someone.company, title="not mine")
    body = client.get("/api/v1/notifications", headers=auth_headers(me)).get_json()
    assert [n["id"] for n in body] == [newer.id, older.id]


def test_read_one_and_read_all(client):
    me, someone = UserFactory(), UserFactory()
    first, second = NotificationFactory(user=me, company=me.company), NotificationFactory(user=me, company=me.company)
    theirs = NotificationFactory(user=someone, company=someone.company)
    headers = auth_headers(me)
    assert client.put(f"/api/v1/notifications/{first.id}/read", headers=headers).get_json()["read"] is True
    assert [n["id"] for n in client.get("/api/v1/notifications?unread=true", headers=headers).get_json()] == [second.id]
    assert client.put(f"/api/v1/notifications/{theirs.id}/read", headers=headers).status_code == 404
    assert client.put("/api/v1/notifications/read-all", headers=headers).get_json() == {"updated": 1}
    their_inbox = client.get("/api/v1/notifications?unread=true", headers=auth_headers(someone)).get_json()
    assert [n["id"] for n in their_inbox] == [theirs.id]


def test_notify_is_idempotent_per_evaluation_event_and_recipient(db_session):
    company = CompanyFactory()
    evaluation = EvaluationFactory(company=company)
    admin = UserFactory(admin=True, company=company)
    with tenancy.tenant_scope(evaluation.company_id):
        kwargs = dict(event="evaluation.completed", title="Lista", evaluation_id=evaluation.id,
                      company_id=evaluation.company_id)
        assert service.notify([admin.id, evaluation.user_id], **kwargs) == 2
        assert service.notify([admin.id, evaluation.user_id, admin.id], **kwargs) == 0
        db_session.commit()
        count = db_session.scalar(select(func.count()).select_from(Notification).where(
            Notification.evaluation_id == evaluation.id))
    assert count == 2


def test_recipient_helpers_find_admins_and_campaign_managers(db_session):
    company = CompanyFactory()
    link = CampaignUserFactory(company=company, user=UserFactory(manager=True, company=company))
    admin = UserFactory(admin=True, company=company)
    UserFactory(company=company)  # a shopper: neither
    with tenancy.tenant_scope(link.company_id):
        assert service.company_admin_ids(link.company_id) == [admin.id]
        assert service.campaign_manager_ids(link.campaign_id) == [link.user_id]
