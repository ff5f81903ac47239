"""Dashboard query and response schemas (one response shape; sections depend on the caller's role)."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import DateRangeArgs, Id
from siete.dashboard.models import QUALITY_CHECKS
from siete.evaluations.schemas import EvaluationSchema


class DashboardQueryArgsSchema(DateRangeArgs):
    campaign_id = Id()
    zone_id = Id()


class TrendsQueryArgsSchema(DashboardQueryArgsSchema):
    kpi = ma.fields.String(load_default="nps", validate=validate.OneOf(
        ["ioc", "ird", "ces", "nps", "submitted", "completed", "failed", "critical_verbatims",
         *(f"quality_{c}" for c in QUALITY_CHECKS)]))
    interval = ma.fields.String(load_default="week", validate=validate.OneOf(["day", "week", "month"]))


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


class DashboardSchema(SummarySchema):
    role = ma.fields.String(metadata={"description": "superadmin | admin | manager | shopper"})
    companies = ma.fields.List(ma.fields.Nested(CompanyRowSchema), metadata={"description": "superadmin"})
    companies_by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    by_campaign = ma.fields.List(ma.fields.Nested(GroupSchema), metadata={"description": "admin, manager"})
    by_zone = ma.fields.List(ma.fields.Nested(GroupSchema), metadata={"description": "admin, manager"})
    leaderboard = ma.fields.List(ma.fields.Nested(LeaderSchema), metadata={"description": "admin, manager"})
    top_critical = ma.fields.List(ma.fields.Nested(CriticalSchema), metadata={"description": "admin, manager"})
    recent = ma.fields.List(ma.fields.Nested(EvaluationSchema), metadata={"description": "shopper"})


class TrendPointSchema(ma.Schema):
    period = ma.fields.Date(metadata={"description": "First day of the bucket."})
    value = ma.fields.Float(allow_none=True)
    count = ma.fields.Integer()


class TrendsSchema(ma.Schema):
    kpi = ma.fields.String()
    interval = ma.fields.String()
    series = ma.fields.List(ma.fields.Nested(TrendPointSchema))
