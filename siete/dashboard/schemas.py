"""Dashboard query and response schemas (one response shape; sections depend on the caller's role)."""
import marshmallow as ma
from marshmallow import validate

from siete.ai.criteria import KEY_PATTERN
from siete.core.schemas import DateRangeArgs, Id
from siete.dashboard.models import QUALITY_CHECKS
from siete.evaluations.schemas import EvaluationSchema


class DashboardQueryArgsSchema(DateRangeArgs):
    campaign_id = Id()
    zone_id = Id()


class TrendsQueryArgsSchema(DashboardQueryArgsSchema):
    kpi = ma.fields.String(load_default="nps", validate=validate.OneOf(
        ["ioc", "ird", "ces", "nps", "submitted", "completed", "failed", "critical_verbatims",
         *(f"quality_{c}" for c in QUALITY_CHECKS), "criterion"]),
        metadata={"description": "criterion: the compliance (%) of the scorecard criterion named by `criterion`."})
    criterion = ma.fields.String(validate=validate.Regexp(KEY_PATTERN), metadata={
        "description": "A scorecard criterion key; required with kpi=criterion."})
    interval = ma.fields.String(load_default="week", validate=validate.OneOf(["day", "week", "month"]))

    @ma.validates_schema
    def _criterion_named(self, data, **kwargs):
        if (data.get("kpi") == "criterion") != bool(data.get("criterion")):
            raise ma.ValidationError({"criterion": ["Obligatorio con kpi=criterion, y solo con él"]})


class KpisSchema(ma.Schema):
    IOC = ma.fields.Float(allow_none=True)
    IRD = ma.fields.Float(allow_none=True)
    CES = ma.fields.Float(allow_none=True)
    NPS_inferido = ma.fields.Float(allow_none=True)


class QualitySchema(ma.Schema):
    saludo = ma.fields.Float(allow_none=True)
    identificacion = ma.fields.Float(allow_none=True)
    oferta = ma.fields.Float(allow_none=True)
    cierre = ma.fields.Float(allow_none=True)
    valor_agregado = ma.fields.Float(allow_none=True)


class SummarySchema(ma.Schema):
    submitted = ma.fields.Integer()
    completed = ma.fields.Integer()
    failed = ma.fields.Integer()
    in_progress = ma.fields.Integer()
    kpis = ma.fields.Nested(KpisSchema, metadata={"description": "Averages over completed analyses."})
    quality = ma.fields.Nested(QualitySchema, metadata={"description": "% of analyses passing each check."})
    critical_verbatims = ma.fields.Integer()


class GroupSchema(SummarySchema):
    id = ma.fields.Integer()
    name = ma.fields.String(allow_none=True)
    goal = ma.fields.Integer(allow_none=True)


class CompanyRowSchema(SummarySchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    subscription_status = ma.fields.String()
    paid_until = ma.fields.Date(allow_none=True)
    users = ma.fields.Integer()
    submitted_last_30_days = ma.fields.Integer()


class LeaderSchema(ma.Schema):
    user_id = ma.fields.Integer()
    name = ma.fields.String(allow_none=True)
    submitted = ma.fields.Integer()
    completed = ma.fields.Integer()


class CriticalSchema(ma.Schema):
    evaluation_id = ma.fields.Integer()
    quotes = ma.fields.List(ma.fields.String())
    campaign_id = ma.fields.Integer()
    zone_id = ma.fields.Integer()
    created_at = ma.fields.DateTime()


class CriterionComplianceSchema(ma.Schema):
    key = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    analyses = ma.fields.Integer(metadata={"description": "Analyses that scored this criterion."})
    evaluated = ma.fields.Integer(metadata={"description": "Of those, with a verdict (met or not)."})
    met = ma.fields.Integer()
    not_met = ma.fields.Integer()
    compliance = ma.fields.Float(allow_none=True, metadata={"description": "% met of evaluated."})


class ShopperContradictionsSchema(ma.Schema):
    user_id = ma.fields.Integer()
    name = ma.fields.String(allow_none=True)
    analyses = ma.fields.Integer()
    flagged = ma.fields.Integer(metadata={"description": "Analyses with at least one contradiction."})
    contradictions = ma.fields.Integer()


class DashboardSchema(SummarySchema):
    role = ma.fields.String(metadata={"description": "superadmin | admin | manager | shopper"})
    companies = ma.fields.List(ma.fields.Nested(CompanyRowSchema), metadata={"description": "superadmin"})
    companies_by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    by_campaign = ma.fields.List(ma.fields.Nested(GroupSchema), metadata={"description": "admin, manager"})
    by_zone = ma.fields.List(ma.fields.Nested(GroupSchema), metadata={"description": "admin, manager"})
    leaderboard = ma.fields.List(ma.fields.Nested(LeaderSchema), metadata={"description": "admin, manager"})
    top_critical = ma.fields.List(ma.fields.Nested(CriticalSchema), metadata={"description": "admin, manager"})
    criteria = ma.fields.List(ma.fields.Nested(CriterionComplianceSchema),
                              metadata={"description": "admin, manager: compliance per scorecard criterion"})
    contradictions_by_shopper = ma.fields.List(ma.fields.Nested(ShopperContradictionsSchema), metadata={
        "description": "admin, manager: shoppers whose survey answers the recordings contradict"})
    recent = ma.fields.List(ma.fields.Nested(EvaluationSchema), metadata={"description": "shopper"})


class TrendPointSchema(ma.Schema):
    period = ma.fields.Date(metadata={"description": "First day of the bucket."})
    value = ma.fields.Float(allow_none=True)
    count = ma.fields.Integer()


class TrendsSchema(ma.Schema):
    kpi = ma.fields.String()
    criterion = ma.fields.String()
    interval = ma.fields.String()
    series = ma.fields.List(ma.fields.Nested(TrendPointSchema))
