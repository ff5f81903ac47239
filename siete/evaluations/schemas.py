"""Evaluation schemas: a multipart submission, updates, list filters and the status a client follows."""
import json

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import DateRangeArgs, EntitySchema, Id
from siete.evaluations.messages import message_for
from siete.evaluations.models import STATUSES


class JSONObject(ma.fields.Field):
    """A JSON object sent as a string form field (multipart cannot nest)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            return value
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            raise ma.ValidationError("Must be a JSON object") from None
        if not isinstance(parsed, dict):
            raise ma.ValidationError("Must be a JSON object")
        return parsed


class EvaluationFormSchema(ma.Schema):
    campaign_id = Id(required=True)
    zone_id = Id(required=True)
    comments = ma.fields.String(validate=validate.Length(max=5000), load_default=None)
    answers = JSONObject(load_default=dict, metadata={"description": "Survey answers keyed by question id (JSON)."})


class EvaluationUploadSchema(EvaluationFormSchema):
    """One multipart/form-data body: the fields above plus the video file."""

    video = Upload(required=True, metadata={"description": "The recorded interaction (mp4, mov, webm, mkv, avi)."})


class EvaluationUpdateSchema(ma.Schema):
    comments = ma.fields.String(validate=validate.Length(max=5000), allow_none=True)
    answers = ma.fields.Dict(keys=ma.fields.String(validate=validate.Length(max=64)))


class EvaluationSchema(EntitySchema):
    COMPUTED_FROM = {"error_message": ("error_code",)}

    company_id = ma.fields.Integer()
    campaign_id = ma.fields.Integer()
    zone_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    comments = ma.fields.String(allow_none=True)
    media_filename = ma.fields.String(allow_none=True)
    media_content_type = ma.fields.String(allow_none=True)
    media_size = ma.fields.Integer(allow_none=True)
    duration_seconds = ma.fields.Float(allow_none=True)
    status = ma.fields.String(metadata={"description": "pending → analyzing → completed | failed; in_review between analyzing and completed when the company requires review"})
    stage = ma.fields.String()
    progress = ma.fields.Integer(metadata={"description": "0–100"})
    error_code = ma.fields.String(allow_none=True)
    error_message = ma.fields.Method("_error_message", allow_none=True, metadata={
        "type": "string", "description": "Why it failed and what to do, in Spanish (English with Accept-Language: en)"})
    completed_at = ma.fields.DateTime(allow_none=True)
    failed_at = ma.fields.DateTime(allow_none=True)

    def _error_message(self, evaluation):
        """The catalogue's text for the code in the caller's language, never a tool's output."""
        return message_for(evaluation.error_code) if evaluation.error_code else None


class EvaluationDetailSchema(EvaluationSchema):
    answers = ma.fields.Dict(allow_none=True)
    survey_id = ma.fields.Integer(allow_none=True)


SORTABLE = {"id", "created_at", "status", "campaign_id", "zone_id", "user_id"}
DEFAULT_SORT = "-created_at"


class EvaluationQueryArgsSchema(ListArgsSchema, DateRangeArgs):
    sort = Sort(SORTABLE, default=DEFAULT_SORT)
    campaign_id = Id()
    zone_id = Id()
    user_id = Id(metadata={"description": "The shopper."})
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
