"""factory_boy factories for every model, and helpers to act as a user."""
from datetime import date, timedelta

import factory
import pytest
from factory.alchemy import SQLAlchemyModelFactory

from siete import all_models as m
from siete.auth.tokens import issue_tokens
from siete.core.passwords import hash_password
from siete.core.models import utcnow
from siete.core.roles import Role
from siete.extensions import db

PASSWORD = "correct-horse-9"


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CompanyFactory(Base):
    class Meta:
        model = m.Company

    name = factory.Sequence(lambda n: f"Company {n}")
    email = factory.Sequence(lambda n: f"contact{n}@company.test")
    country = "DO"
    invite_code = factory.Sequence(lambda n: f"invite-{n}")


class TenantFactory(Base):
    """Rows owned by a company: pass `company=` (an object) to choose it."""

    class Meta:
        abstract = True
        exclude = ("company",)

    company = factory.SubFactory(CompanyFactory)
    company_id = factory.LazyAttribute(lambda o: o.company.id if o.company is not None else None)


class UserFactory(Base):
    class Meta:
        model = m.User

    company = factory.SubFactory(CompanyFactory)
    role = int(Role.SHOPPER)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.test")
    hashed_password = factory.LazyFunction(lambda: hash_password(PASSWORD))

    class Params:
        superadmin = factory.Trait(role=int(Role.SUPERADMIN), company=None)
        admin = factory.Trait(role=int(Role.ADMIN))
        manager = factory.Trait(role=int(Role.MANAGER))


class ZoneFactory(TenantFactory):
    class Meta:
        model = m.Zone

    name = factory.Sequence(lambda n: f"Zone {n}")
    country = "DO"
    state = "Distrito Nacional"
    city = "Santo Domingo"


class UserZoneFactory(TenantFactory):
    class Meta:
        model = m.UserZone
        exclude = ("company", "user", "zone")

    user = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"))
    zone = factory.SubFactory(ZoneFactory, company=factory.SelfAttribute("..company"))
    user_id = factory.SelfAttribute("user.id")
    zone_id = factory.SelfAttribute("zone.id")


class SurveyFactory(TenantFactory):
    class Meta:
        model = m.Survey

    name = factory.Sequence(lambda n: f"Survey {n}")
    questions = factory.LazyFunction(
        lambda: [{"id": "q1", "type": "nps", "text": "¿Nos recomendaría?", "required": True}]
    )


class CampaignFactory(TenantFactory):
    class Meta:
        model = m.Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=20))
    goal = 10


class CampaignUserFactory(TenantFactory):
    class Meta:
        model = m.CampaignUser
        exclude = ("company", "campaign", "user")

    campaign = factory.SubFactory(CampaignFactory, company=factory.SelfAttribute("..company"))
    user = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"))
    campaign_id = factory.SelfAttribute("campaign.id")
    user_id = factory.SelfAttribute("user.id")


class CampaignZoneFactory(TenantFactory):
    class Meta:
        model = m.CampaignZone
        exclude = ("company", "campaign", "zone")

    campaign = factory.SubFactory(CampaignFactory, company=factory.SelfAttribute("..company"))
    zone = factory.SubFactory(ZoneFactory, company=factory.SelfAttribute("..company"))
    campaign_id = factory.SelfAttribute("campaign.id")
    zone_id = factory.SelfAttribute("zone.id")


class EvaluationFactory(TenantFactory):
    class Meta:
        model = m.Evaluation
        exclude = ("company", "campaign", "zone", "user")

    campaign = factory.SubFactory(CampaignFactory, company=factory.SelfAttribute("..company"))
    zone = factory.SubFactory(ZoneFactory, company=factory.SelfAttribute("..company"))
    user = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"))
    campaign_id = factory.SelfAttribute("campaign.id")
    zone_id = factory.SelfAttribute("zone.id")
    user_id = factory.SelfAttribute("user.id")
    media_key = factory.Sequence(lambda n: f"videos/{n}.mp4")
    status = "pending"


class SurveyResponseFactory(TenantFactory):
    class Meta:
        model = m.SurveyResponse
        exclude = ("company", "evaluation", "survey")

    evaluation = factory.SubFactory(EvaluationFactory, company=factory.SelfAttribute("..company"))
    survey = factory.SubFactory(SurveyFactory, company=factory.SelfAttribute("..company"))
    evaluation_id = factory.SelfAttribute("evaluation.id")
    user_id = factory.SelfAttribute("evaluation.user_id")
    survey_id = factory.SelfAttribute("survey.id")
    answers = factory.LazyFunction(lambda: {"q1": 9})


class EvaluationAnalysisFactory(TenantFactory):
    class Meta:
        model = m.EvaluationAnalysis
        exclude = ("company", "evaluation")

    evaluation = factory.SubFactory(EvaluationFactory, company=factory.SelfAttribute("..company"), status="completed")
    evaluation_id = factory.SelfAttribute("evaluation.id")
    executive_view = "## Resumen ejecutivo\nAtención correcta."
    operative_view = factory.LazyFunction(
        lambda: {"IOC": {"score": 60, "justificacion": "x"}, "IRD": {"score": 20, "justificacion": "y"},
                 "CES": {"score": 30, "justificacion": "z"}, "NPS_inferido": 8}
    )
    provider = "heuristic"
    published_at = factory.LazyFunction(utcnow)  # a completed evaluation's analysis, out to the client


class PaymentFactory(TenantFactory):
    class Meta:
        model = m.Payment

    amount = 499
    currency = "USD"
    period_start = factory.LazyFunction(date.today)
    period_end = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    paid_at = factory.LazyFunction(date.today)
    method = "transfer"


class NotificationFactory(TenantFactory):
    class Meta:
        model = m.Notification
        exclude = ("company", "user")

    user = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"))
    user_id = factory.SelfAttribute("user.id")
    event = "evaluation.completed"
    title = "Evaluación completada"


class CompanyVocabularyFactory(TenantFactory):
    class Meta:
        model = m.CompanyVocabulary

    terms = factory.LazyFunction(lambda: ["Cuenta Nómina Plus", "Tarjeta Oro"])


class PromptFactory(TenantFactory):
    class Meta:
        model = m.Prompt

    name = "analysis"
    version = factory.Sequence(lambda n: n + 1)
    content = "Eres un analista de experiencia de cliente."


class ScorecardFactory(TenantFactory):
    class Meta:
        model = m.Scorecard

    version = factory.Sequence(lambda n: n + 1)
    is_active = True
    check_weights = factory.LazyFunction(lambda: dict.fromkeys(
        ("saludo", "identificacion", "oferta", "cierre", "valor_agregado"), 1.0))
    criteria = factory.LazyFunction(lambda: [{
        "key": "ofrece_seguro", "name": "Ofrece el seguro", "description": "El asesor ofrece el seguro de pagos",
        "counts": "", "does_not_count": "", "examples": ["le ofrezco el seguro"], "weight": 2.0, "campaign_ids": []}])


class EvaluationRollupFactory(TenantFactory):
    class Meta:
        model = m.EvaluationRollup
        exclude = ("company", "campaign", "zone")

    campaign = factory.SubFactory(CampaignFactory, company=factory.SelfAttribute("..company"))
    zone = factory.SubFactory(ZoneFactory, company=factory.SelfAttribute("..company"))
    campaign_id = factory.SelfAttribute("campaign.id")
    zone_id = factory.SelfAttribute("zone.id")
    day = factory.LazyFunction(date.today)
    submitted = 1


class ShopperRollupFactory(TenantFactory):
    class Meta:
        model = m.ShopperRollup
        exclude = ("company", "campaign", "user")

    campaign = factory.SubFactory(CampaignFactory, company=factory.SelfAttribute("..company"))
    user = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"))
    campaign_id = factory.SelfAttribute("campaign.id")
    user_id = factory.SelfAttribute("user.id")
    month = factory.LazyFunction(lambda: date.today().replace(day=1))
    submitted = 1


ALL_FACTORIES = (
    CompanyFactory, UserFactory, ZoneFactory, UserZoneFactory, SurveyFactory, CampaignFactory,
    CampaignUserFactory, CampaignZoneFactory, EvaluationFactory, SurveyResponseFactory,
    EvaluationAnalysisFactory, PaymentFactory, NotificationFactory, PromptFactory, EvaluationRollupFactory,
    ShopperRollupFactory,
)


class DisputeFactory(TenantFactory):
    class Meta:
        model = m.Dispute

    target = "check:oferta"
    comment = "El empleado sí ofreció el plan"
    status = "open"


class ReportFactory(TenantFactory):
    class Meta:
        model = m.Report
        exclude = ("company", "requested_by")

    requested_by = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"), role=int(Role.ADMIN))
    requested_by_id = factory.SelfAttribute("requested_by.id")
    kind = "evaluations_csv"
    filters = factory.LazyFunction(dict)
    status = "pending"
    progress = 0


class ReportScheduleFactory(TenantFactory):
    class Meta:
        model = m.ReportSchedule
        exclude = ("company", "created_by")

    created_by = factory.SubFactory(UserFactory, company=factory.SelfAttribute("..company"), role=int(Role.ADMIN))
    created_by_id = factory.SelfAttribute("created_by.id")
    name = factory.Sequence(lambda n: f"Schedule {n}")
    kind = "evaluations_xlsx"
    filters = factory.LazyFunction(dict)
    frequency = "weekly"
    recipient_ids = factory.LazyAttribute(lambda o: [o.created_by_id])
    active = True


class DeliveryFactory(TenantFactory):
    class Meta:
        model = m.Delivery
        exclude = ("company", "notification")

    notification = factory.SubFactory(NotificationFactory, company=factory.SelfAttribute("..company"))
    notification_id = factory.SelfAttribute("notification.id")
    user_id = factory.SelfAttribute("notification.user_id")
    event = "evaluation.completed"
    channel = "email"
    address = factory.Sequence(lambda n: f"recipient{n}@example.test")
    status = "queued"
    attempts = 0


class DeliveryPreferenceFactory(TenantFactory):
    class Meta:
        model = m.DeliveryPreference

    user_id = None  # the company's default
    event = "analysis.ready"
    email = True
    sms = False


ALL_FACTORIES += (ReportFactory, ReportScheduleFactory, DeliveryFactory, DeliveryPreferenceFactory)


def auth_headers(user):
    """Headers of a logged-in user, without going through the rate-limited login."""
    return {"Authorization": f"Bearer {issue_tokens(user)['access_token']}"}


@pytest.fixture
def as_user(db_session):
    return auth_headers
