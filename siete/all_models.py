"""Imports every model module so metadata (and Alembic autogenerate) sees the whole schema, and every feature's
row rules so tenancy applies them from the first query."""
from siete.analysis.models import EvaluationAnalysis
from siete.audit.models import AuditEntry
from siete.campaigns.models import Campaign, CampaignUser, CampaignZone
from siete.companies.models import Company
from siete.dashboard.models import EvaluationRollup, ShopperRollup
from siete.delivery.models import Delivery, DeliveryPreference
from siete.evaluations.models import Evaluation
from siete.notifications.models import Notification
from siete.payments.models import Payment
from siete.prompts.models import ActivationCheck, Prompt
from siete.reports.models import Report, ReportSchedule
from siete.review.models import AnalysisOverride, Dispute
from siete.scorecards.models import Scorecard
from siete.surveys.models import Survey, SurveyResponse
from siete.users.models import User
from siete.vocabulary.models import CompanyVocabulary
from siete.zones.models import UserZone, Zone

from siete.analysis import rules as _analysis_rules  # noqa: E402,F401 - registers row rules
from siete.campaigns import rules as _campaign_rules  # noqa: E402,F401
from siete.dashboard import rules as _dashboard_rules  # noqa: E402,F401
from siete.evaluations import rules as _evaluation_rules  # noqa: E402,F401
from siete.notifications import rules as _notification_rules  # noqa: E402,F401
from siete.reports import rules as _report_rules  # noqa: E402,F401
from siete.review import rules as _review_rules  # noqa: E402,F401
from siete.scorecards import rules as _scorecard_rules  # noqa: E402,F401

__all__ = [
    "ActivationCheck", "AnalysisOverride", "AuditEntry", "Campaign", "CampaignUser", "CampaignZone", "Company", "CompanyVocabulary", "Delivery", "DeliveryPreference", "Dispute",
    "Evaluation",
    "EvaluationAnalysis", "EvaluationRollup", "Notification", "Payment", "Prompt", "Report", "ReportSchedule",
    "Scorecard", "ShopperRollup", "Survey", "SurveyResponse", "User", "UserZone", "Zone",
]
