"""Report schemas: a request (kind + the dashboard's filters), the job as a client follows it, schedules."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import EntitySchema, Id, Name
from siete.reports.models import FREQUENCIES, KINDS, STATUSES

KIND_DOC = ("evaluation_pdf (needs evaluation_id) | campaign_pdf (campaign_id, else the whole company) | "
            "evaluations_xlsx | evaluations_csv | survey_xlsx | survey_csv (survey_id, or a campaign's survey)")


class FilterFields(ma.Schema):
    """The same filters as GET /dashboard, plus what a kind needs."""

    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    campaign_id = Id()
    zone_id = Id()
    evaluation_id = Id()
    survey_id = Id()
    company_id = Id(metadata={"description": "Superadmins choose the company; others get their own."})


class ReportRequestSchema(FilterFields):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS), metadata={"description": KIND_DOC})


class ReportSchema(EntitySchema):
    kind = ma.fields.String()
    filters = ma.fields.Dict()
    status = ma.fields.String(metadata={"description": " → ".join(STATUSES[:3]) + " | failed"})
    progress = ma.fields.Integer(metadata={"description": "0–100"})
    error_code = ma.fields.String(allow_none=True)
    error_message = ma.fields.String(allow_none=True)
    filename = ma.fields.String(allow_none=True)
    content_type = ma.fields.String(allow_none=True)
    size_bytes = ma.fields.Integer(allow_none=True)
    rows = ma.fields.Integer(allow_none=True)
    requested_by_id = ma.fields.Integer()
    schedule_id = ma.fields.Integer(allow_none=True)
    period = ma.fields.String(allow_none=True)
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)
    download_url = ma.fields.String(allow_none=True, metadata={
        "description": "Once completed: a short-lived signed link (no login needed to follow it)."})
    download_expires_at = ma.fields.DateTime(allow_none=True)


class ReportQueryArgsSchema(ma.Schema):
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    schedule_id = Id()


class DownloadQueryArgsSchema(ma.Schema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=500))


class ScheduleCreateSchema(ma.Schema):
    name = Name(200, required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    frequency = ma.fields.String(required=True, validate=validate.OneOf(FREQUENCIES))
    recipient_ids = ma.fields.List(Id(), required=True, validate=validate.Length(min=1, max=100))
    campaign_id = Id()
    zone_id = Id()
    survey_id = Id()
    company_id = Id(metadata={"description": "Superadmins choose the company; others get their own."})


class ScheduleSchema(EntitySchema):
    name = ma.fields.String()
    kind = ma.fields.String()
    frequency = ma.fields.String()
    filters = ma.fields.Dict()
    recipient_ids = ma.fields.List(ma.fields.Integer())
    created_by_id = ma.fields.Integer()
    active = ma.fields.Boolean()
    last_period = ma.fields.String(allow_none=True)
