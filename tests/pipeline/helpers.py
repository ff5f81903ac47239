"""Building committed evaluations for the end-to-end pipeline tests, and how long they wait."""
import os

from sqlalchemy import func, select

from siete.analysis.models import EvaluationAnalysis
from siete.core import tenancy
from siete.evaluations.tasks import start_pipeline
from siete.extensions import db
from siete.core.storage import get_storage
from siete.notifications.models import Notification
from tests.factories import (
    CampaignFactory,
    CampaignUserFactory,
    CompanyFactory,
    EvaluationFactory,
    UserFactory,
    ZoneFactory,
)
from tests.fakes.media import fixture_path

# Every wait in these tests is patient(seconds): a waiting time, never a verdict on speed, so a loaded CI machine
# (load 10 on 2 cores) reaches the same outcome, later. TEST_PATIENCE scales them all.
PATIENCE = float(os.environ.get("TEST_PATIENCE", "3"))


def patient(seconds):
    """How long to wait for something that takes about `seconds` on a quiet machine."""
    return seconds * PATIENCE


def tenant():
    company = CompanyFactory(name="Banco Demo")
    campaign = CampaignFactory(company=company, name="Sucursales Q4")
    zone = ZoneFactory(company=company)
    shopper = UserFactory(company=company)
    manager = UserFactory(manager=True, company=company)
    admin = UserFactory(admin=True, company=company)
    CampaignUserFactory(company=company, campaign=campaign, user=manager)
    return {"company": company, "campaign": campaign, "zone": zone, "shopper": shopper, "manager": manager,
            "admin": admin}


def submit(world, fixture=None, payload=None, name="video.mp4"):
    """An uploaded evaluation whose video is in storage, with its chain started."""
    evaluation = EvaluationFactory(company=world["company"], campaign=world["campaign"], zone=world["zone"],
                                   user=world["shopper"], media_key=None)
    key = f"companies/{world['company'].id}/evaluations/{evaluation.id}/{name}"
    if fixture is not None:
        with open(fixture_path(fixture), "rb") as stream:
            get_storage().save(key, stream)
    else:
        import io

        get_storage().save(key, io.BytesIO(payload))
    evaluation.media_key = key
    db.session.commit()
    assert start_pipeline(evaluation.id)
    return evaluation.id


def analyses_of(evaluation_id):
    with tenancy.system_scope():
        return db.session.scalars(
            select(EvaluationAnalysis).where(EvaluationAnalysis.evaluation_id == evaluation_id)
            .execution_options(populate_existing=True)).all()


def notifications_of(evaluation_id):
    """(event, user_id) pairs with their counts."""
    with tenancy.system_scope():
        rows = db.session.execute(
            select(Notification.event, Notification.user_id, func.count())
            .where(Notification.evaluation_id == evaluation_id)
            .group_by(Notification.event, Notification.user_id)).all()
    return {(event, user): count for event, user, count in rows}
