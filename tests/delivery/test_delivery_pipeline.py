"""The real pipeline on a real worker: its notifications leave as e-mail (real SMTP server) and SMS (fake Twilio) to
the right people — the shopper hears of the analysis, the campaign's manager and the admins of the new analysis and
of its critical alert, by SMS only who has a phone."""
import time

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.delivery.models import Delivery
from siete.extensions import db
from tests.fakes.smtp import FakeSMTP
from tests.fakes.twilio_server import FakeTwilio
from tests.pipeline.conftest import e2e, e2e_database, e2e_redis_url  # noqa: F401 - the committed database and worker runner
from tests.pipeline.helpers import patient, submit, tenant

pytestmark = pytest.mark.slow


def _settled(evaluation_id):
    with tenancy.system_scope():
        rows = db.session.execute(select(Delivery.event, Delivery.user_id, Delivery.channel, Delivery.status)
                                  .where(Delivery.notification_id.is_not(None))).all()
        db.session.commit()
    return rows if rows and all(r.status in ("sent", "bounced", "failed") for r in rows) else None


def test_pipeline_notifications_reach_the_right_inboxes_and_phones(e2e):  # noqa: F811
    with FakeSMTP() as smtp, FakeTwilio() as twilio:
        world = tenant()
        world["admin"].phone = "+18095550002"
        db.session.commit()
        evaluation_id = submit(world, "poor_service")
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_TLS": "none",
               **{k: v for k, v in twilio.settings().items()}}
        with e2e.worker(concurrency=2, **env):
            rows = e2e.wait_settled([evaluation_id])
            assert rows[evaluation_id].status == "completed", rows[evaluation_id].error_message
            deadline = time.monotonic() + patient(30)
            while (settled := _settled(evaluation_id)) is None and time.monotonic() < deadline:
                time.sleep(0.3)
        shopper, manager, admin = world["shopper"], world["manager"], world["admin"]
        assert sorted((r.event, r.user_id, r.channel, r.status) for r in settled) == sorted([
            ("evaluation.completed", shopper.id, "email", "sent"),
            ("analysis.ready", manager.id, "email", "sent"), ("analysis.ready", admin.id, "email", "sent"),
            ("analysis.critical", manager.id, "email", "sent"), ("analysis.critical", admin.id, "email", "sent"),
            ("analysis.critical", admin.id, "sms", "sent"),
        ])
        assert [m["Subject"] for m in smtp.to(shopper.email)] == ["Banco Demo: Tu evaluación fue analizada"]
        assert sorted(m["Subject"] for m in smtp.to(admin.email)) == [
            "Banco Demo: Alerta crítica en Sucursales Q4", "Banco Demo: Nuevo análisis: Sucursales Q4"]
        [sms] = twilio.to("+18095550002")
        assert sms["Body"].startswith("Banco Demo: Alerta crítica en Sucursales Q4.")
