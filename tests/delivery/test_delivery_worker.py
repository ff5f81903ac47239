"""A real worker SIGKILLed while its SMTP conversation is held: the redelivered task sends the mail exactly once."""
import os
import signal
import time

import pytest
from sqlalchemy import select

from siete.core import tenancy
from siete.delivery.models import Delivery
from siete.extensions import db
from siete.notifications.service import notify
from tests.factories import CompanyFactory, UserFactory
from tests.fakes.smtp import FakeSMTP
from tests.pipeline.conftest import e2e, e2e_database, e2e_redis_url  # noqa: F401 - the committed database and worker runner

pytestmark = pytest.mark.slow


def _row(delivery_id):
    with tenancy.system_scope():
        row = db.session.scalars(select(Delivery).where(Delivery.id == delivery_id)
                                 .execution_options(populate_existing=True)).one()
        db.session.commit()
    return row


def _wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_sigkill_mid_send_delivers_exactly_once(e2e):  # noqa: F811
    with FakeSMTP() as smtp:
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_TLS": "none", "MAIL_TIMEOUT": 30}
        shopper = UserFactory(company=CompanyFactory(name="Banco Caribe"), email="ana@cliente.test")
        smtp.hold_next(20)  # the first attempt hangs inside the SMTP conversation
        with e2e.worker(concurrency=1, **env) as worker:
            with tenancy.tenant_scope(shopper.company_id):
                notify([shopper.id], event="evaluation.completed", title="Tu evaluación fue analizada",
                       company_id=shopper.company_id)
                db.session.commit()  # the send task is published after this commit
            with tenancy.system_scope():
                delivery_id = db.session.scalar(select(Delivery.id).where(Delivery.user_id == shopper.id))
                db.session.commit()
            assert _wait(lambda: smtp.held == 1 and _row(delivery_id).status == "sending")
            for child in e2e.pool_children(worker):
                os.kill(child, signal.SIGKILL)
            assert _wait(lambda: _row(delivery_id).status == "sent", timeout=90), _row(delivery_id).status
        row = _row(delivery_id)
        assert len(smtp.to("ana@cliente.test")) == 1
        assert row.attempts == 2 and row.provider == "smtp"
        assert row.provider_message_id == smtp.to("ana@cliente.test")[0]["Message-ID"]
