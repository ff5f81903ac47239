"""Who gets which e-mail/SMS per event and preference, what a send records, and that nothing is sent twice."""
import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.delivery import service
from siete.delivery.models import Delivery
from siete.delivery.preferences import store
from siete.extensions import db
from siete.notifications.service import campaign_manager_ids, company_admin_ids, notify
from tests.factories import CampaignUserFactory, CompanyFactory, EvaluationFactory, UserFactory


@pytest.fixture
def world(db_session):
    company = CompanyFactory(name="Banco Caribe")
    evaluation = EvaluationFactory(company=company, user__phone="+18095550001")
    admin = UserFactory(company=company, admin=True, phone="+18095550002")
    manager = UserFactory(company=company, manager=True, phone=None)
    CampaignUserFactory(company=company, campaign_id=evaluation.campaign_id, user=manager)
    other_manager = UserFactory(company=company, manager=True, phone="+18095550003")  # not on this campaign
    return {"company": company, "evaluation": evaluation, "shopper": evaluation.user_id, "admin": admin,
            "manager": manager, "other_manager": other_manager}


def _notify(world, user_ids, event):
    e = world["evaluation"]
    with tenancy.tenant_scope(e.company_id):
        notify(user_ids, event=event, title="Alerta crítica en Campaña", message="La evaluación requiere atención.",
               evaluation_id=e.id, company_id=e.company_id, data={"evaluation_id": e.id})
        db.session.commit()


def _staff(world):
    e = world["evaluation"]
    with tenancy.tenant_scope(e.company_id):
        return list(campaign_manager_ids(e.campaign_id)) + list(company_admin_ids(e.company_id))


def _planned(**where):
    with tenancy.system_scope():
        stmt = select(Delivery.user_id, Delivery.channel, Delivery.address).filter_by(**where)
        return sorted(db.session.execute(stmt).all())


def test_evaluation_completed_mails_only_the_shopper(world):
    _notify(world, [world["shopper"]], "evaluation.completed")
    [(user_id, channel, _address)] = _planned(event="evaluation.completed")
    assert (user_id, channel) == (world["shopper"], "email")


def test_critical_alert_mails_and_texts_admins_and_the_campaigns_managers(world):
    _notify(world, _staff(world), "analysis.critical")
    admin, manager = world["admin"], world["manager"]
    assert _planned(event="analysis.critical") == sorted([
        (admin.id, "email", admin.email), (admin.id, "sms", "+18095550002"), (manager.id, "email", manager.email),
    ])  # the manager has no phone; the manager of another campaign is not a recipient


def test_user_preference_beats_company_default_beats_builtin(world):
    company_id, admin, manager = world["company"].id, world["admin"], world["manager"]
    with tenancy.tenant_scope(company_id):
        store(company_id, None, "analysis.ready", email=False, sms=True)   # company: SMS, no mail
        store(company_id, admin.id, "analysis.ready", email=True, sms=False)  # this admin: mail only
        db.session.commit()
    manager.phone = "+18095550009"
    db.session.commit()
    _notify(world, _staff(world), "analysis.ready")
    assert _planned(event="analysis.ready") == sorted([(admin.id, "email", admin.email),
                                                       (manager.id, "sms", "+18095550009")])


def test_a_repeated_notification_plans_nothing_new(world):
    _notify(world, [world["shopper"]], "evaluation.completed")
    _notify(world, [world["shopper"]], "evaluation.completed")
    assert len(_planned(event="evaluation.completed")) == 1


def _one(event, channel="email"):
    with tenancy.system_scope():
        return db.session.scalars(select(Delivery).filter_by(event=event, channel=channel)).one()


def test_send_mails_the_spanish_template_with_an_unsubscribe_link(world, smtp, client):
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    assert service.send(delivery.id, "task-1") is None
    [message] = smtp.to(delivery.address)
    assert message["Subject"] == "Banco Caribe: Alerta crítica en Campaña"
    text = message.get_body(("plain",)).get_content()
    assert "La evaluación requiere atención." in text and "Evaluación analizada" in text
    link = message["List-Unsubscribe"].strip("<>")
    assert link in message.get_body(("html",)).get_content().replace("&amp;", "&")
    db.session.expire_all()
    row = _one("evaluation.completed")
    assert (row.status, row.provider, row.attempts) == ("sent", "smtp", 1)
    assert row.provider_message_id == message["Message-ID"]

    path = link.split("localhost:5000", 1)[1]
    page = client.get(path)  # what a link scanner or the recipient's click fetches: a page, nothing changes yet
    assert page.status_code == 200 and "¿Dejar de recibir estos correos?" in page.get_data(as_text=True)
    assert "Evaluación analizada" in page.get_data(as_text=True)
    e = world["evaluation"]
    with tenancy.tenant_scope(e.company_id):
        notify([world["shopper"]], event="evaluation.completed", title="antes de la baja", company_id=e.company_id)
        db.session.commit()
    assert len(_planned(event="evaluation.completed")) == 2
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Ya no recibirás correos" in done.get_data(as_text=True)
    with tenancy.tenant_scope(e.company_id):
        notify([world["shopper"]], event="evaluation.completed", title="otra", company_id=e.company_id)
        db.session.commit()
    assert len(_planned(event="evaluation.completed")) == 2  # unsubscribed: the new notification mails nobody


def test_a_settled_delivery_is_never_sent_again(world, smtp):
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    service.send(delivery.id, "task-1")
    service.send(delivery.id, "task-1")  # a duplicate task message
    service.send(delivery.id, "task-2")
    assert len(smtp.messages) == 1


def test_a_bounce_is_recorded_with_the_smtp_code_and_not_retried(world, smtp):
    shopper = db.session.get(UserFactory._meta.model, world["shopper"])
    shopper.email = "bounce-shopper@example.test"
    db.session.commit()
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    assert service.send(delivery.id, "task-1") is None
    db.session.expire_all()
    row = _one("evaluation.completed")
    assert (row.status, row.provider_code, row.error_code) == ("bounced", "550", "mail_rejected")
    assert smtp.messages == []


def test_transient_failures_retry_then_give_up(world, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "DELIVERY_MAX_ATTEMPTS", 3)
    shopper = db.session.get(UserFactory._meta.model, world["shopper"])
    shopper.email = "defer-shopper@example.test"
    db.session.commit()
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    assert service.send(delivery.id, "t") > 0
    assert service.send(delivery.id, "t") > 0
    assert service.send(delivery.id, "t") is None
    db.session.expire_all()
    row = _one("evaluation.completed")
    assert (row.status, row.attempts, row.provider_code) == ("failed", 3, "451")
    assert "gave up after 3 attempts" in row.error_message


def test_critical_sms_goes_through_twilio(world, smtp, twilio):
    _notify(world, _staff(world), "analysis.critical")
    delivery = _one("analysis.critical", channel="sms")
    service.send(delivery.id, "t")
    [sms] = twilio.to("+18095550002")
    assert sms["Body"].startswith("Banco Caribe: Alerta crítica en Campaña.")
    db.session.expire_all()
    assert _one("analysis.critical", channel="sms").status == "sent"


def test_twilio_refusal_keeps_its_error_code(world, smtp, twilio):
    world["admin"].phone = "+15005550001"
    db.session.commit()
    _notify(world, _staff(world), "analysis.critical")
    delivery = _one("analysis.critical", channel="sms")
    assert service.send(delivery.id, "t") is None
    db.session.expire_all()
    row = _one("analysis.critical", channel="sms")
    assert (row.status, row.provider_code) == ("bounced", "21211")


def test_a_redelivered_task_takes_over_its_own_claim_but_another_task_does_not(world, smtp):
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    with tenancy.tenant_scope(world["company"].id):
        row = db.session.get(Delivery, delivery.id)
        row.status, row.task_id, row.last_attempt_at = "sending", "killed-task", service.utcnow()
        db.session.commit()
    service.send(delivery.id, "some-other-task")
    assert smtp.messages == []
    service.send(delivery.id, "killed-task")
    assert len(smtp.messages) == 1


def test_the_sweep_requeues_rows_whose_task_was_lost(world, monkeypatch):
    _notify(world, [world["shopper"]], "evaluation.completed")
    delivery = _one("evaluation.completed")
    sent = []
    monkeypatch.setattr(service, "_enqueue", sent.extend)
    assert service.sweep(older_than_seconds=3600) == 0  # just queued: its own task is on the way
    with tenancy.system_scope():
        row = db.session.get(Delivery, delivery.id)
        row.created_at = service.utcnow() - service.timedelta(hours=2)
        db.session.commit()
    assert service.sweep(older_than_seconds=3600) == 1 and sent == [delivery.id]
