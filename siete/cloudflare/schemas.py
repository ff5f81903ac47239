"""Schemas of the Stream upload request and answer, and of the webhook Cloudflare posts."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import Id

MAX_STREAM_BYTES = 30 * 1024**3  # Stream's per-file ceiling


class StreamUploadSchema(ma.Schema):
    campaign_id = Id(required=True)
    zone_id = Id(required=True)
    comments = ma.fields.String(validate=validate.Length(max=5000), load_default=None)
    answers = ma.fields.Dict(keys=ma.fields.String(validate=validate.Length(max=64)), load_default=dict,
                             metadata={"description": "Survey answers keyed by question id."})
    size_bytes = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_STREAM_BYTES),
                                   load_default=None,
                                   metadata={"description": "The file's size; above 200 MB the upload uses tus."})
    filename = ma.fields.String(validate=validate.Length(min=1, max=255), load_default=None)


class StreamUploadResultSchema(ma.Schema):
    evaluation_id = ma.fields.Integer(metadata={"description": "The pending evaluation the video belongs to."})
    uid = ma.fields.String(metadata={"description": "Cloudflare Stream's video id."})
    upload_url = ma.fields.String(metadata={"description": "Where the client sends the file, without credentials."})
    tus = ma.fields.Boolean(metadata={"description": "true: resumable tus protocol; false: one multipart POST "
                                                     "with the file in the `file` field."})


class WebhookStatusSchema(ma.Schema):
    """Stream's processing state; field names are Cloudflare's."""

    class Meta:
        unknown = ma.EXCLUDE

    state = ma.fields.String(required=True, validate=validate.Length(max=50))
    errorReasonCode = ma.fields.String(load_default="", allow_none=True)
    errorReasonText = ma.fields.String(load_default="", allow_none=True)


class WebhookNotificationSchema(ma.Schema):
    """The video object Cloudflare posts when processing ends (only the fields this platform reads)."""

    class Meta:
        unknown = ma.EXCLUDE

    uid = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    readyToStream = ma.fields.Boolean(load_default=False)
    status = ma.fields.Nested(WebhookStatusSchema, required=True)


class WebhookResultSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "queued | duplicate | failed | ignored"})
    evaluation_id = ma.fields.Integer(allow_none=True)
