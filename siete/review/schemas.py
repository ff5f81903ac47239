"""Review, override and dispute payloads; a target names a check, a criterion or a KPI (review/targets.py)."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import DateRangeArgs, EntitySchema, Id
from siete.review.models import DISPUTE_STATUSES
from siete.review.targets import TARGET_HELP


class Words(ma.fields.String):
    """Text a person must actually write: stripped, not blank, bounded."""

    def __init__(self, max_len=2000, **kwargs):
        super().__init__(validate=validate.Length(min=3, max=max_len), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


def Target(**kwargs):  # noqa: N802 - reads like a field class
    return ma.fields.String(validate=validate.Length(min=5, max=80), metadata={"description": TARGET_HELP}, **kwargs)


def Verdict(description="true/false for a check or criterion, a whole number for a KPI", **kwargs):  # noqa: N802
    return ma.fields.Raw(metadata={"oneOf": [{"type": "boolean"}, {"type": "integer"}], "description": description},
                         **kwargs)


class ReviewQueueArgsSchema(ListArgsSchema):
    campaign_id = Id()
    zone_id = Id()
    user_id = Id(metadata={"description": "The shopper."})


class PublishSchema(ma.Schema):
    note = ma.fields.String(validate=validate.Length(max=2000), load_default=None)


class SendBackSchema(ma.Schema):
    reason = Words(required=True, metadata={"description": "Why the analysis must be redone (audited)."})


class OverrideSchema(ma.Schema):
    target = Target(required=True)
    value = Verdict(required=True)
    reason = Words(required=True)


class DisputeCreateSchema(ma.Schema):
    evaluation_id = Id(required=True)
    target = Target(required=True)
    comment = Words(required=True)


class DisputeAcceptSchema(ma.Schema):
    reason = Words(required=True)
    value = Verdict("The corrected value; by default the opposite verdict (KPIs need one).")


class DisputeRejectSchema(ma.Schema):
    reason = Words(required=True)


class DisputeSchema(EntitySchema):
    company_id = ma.fields.Integer()
    evaluation_id = ma.fields.Integer()
    analysis_id = ma.fields.Integer()
    target = ma.fields.String()
    comment = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open → accepted | rejected"})
    raised_by = ma.fields.Integer()
    resolved_by = ma.fields.Integer(allow_none=True)
    resolution = ma.fields.String(allow_none=True)
    resolved_at = ma.fields.DateTime(allow_none=True)


class DisputeQueryArgsSchema(ListArgsSchema):
    sort = Sort({"id", "created_at", "status"}, default="-created_at")
    status = ma.fields.String(validate=validate.OneOf(DISPUTE_STATUSES))
    evaluation_id = Id()


class CalibrationArgsSchema(DateRangeArgs):
    company_id = Id(metadata={"description": "Superadmin only: one company (default: every company)."})


class AgreementSchema(ma.Schema):
    target = ma.fields.String()
    provider = ma.fields.String(allow_none=True)
    model = ma.fields.String(allow_none=True)
    prompt_version = ma.fields.String(allow_none=True)
    scorecard_version = ma.fields.String(allow_none=True)
    reviewed = ma.fields.Integer(metadata={"description": "Human-reviewed verdicts."})
    agreed = ma.fields.Integer()
    agreement = ma.fields.Float(allow_none=True, metadata={"description": "agreed / reviewed"})
    kappa = ma.fields.Float(allow_none=True, metadata={"description": "Cohen's kappa; null when undefined"})
    ai_yes = ma.fields.Integer()
    human_yes = ma.fields.Integer()


class CalibrationSchema(ma.Schema):
    date_from = ma.fields.Date(allow_none=True)
    date_to = ma.fields.Date(allow_none=True)
    reviewed_analyses = ma.fields.Integer()
    groups = ma.fields.List(ma.fields.Nested(AgreementSchema))
