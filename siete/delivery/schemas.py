"""Delivery schemas: the admin's delivery log, channel preferences, the unsubscribe answer."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import EntitySchema, Id
from siete.delivery.models import CHANNELS, STATUSES


class DeliverySchema(EntitySchema):
    notification_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    event = ma.fields.String()
    channel = ma.fields.String()
    address = ma.fields.String()
    status = ma.fields.String(metadata={"description": " | ".join(STATUSES)})
    attempts = ma.fields.Integer()
    provider = ma.fields.String(allow_none=True, metadata={"description": "sendgrid | smtp | outbox | twilio"})
    provider_message_id = ma.fields.String(allow_none=True)
    provider_code = ma.fields.String(allow_none=True, metadata={
        "description": "The provider's own code of the last failure: SMTP reply, HTTP status, Twilio error code."})
    error_code = ma.fields.String(allow_none=True)
    error_message = ma.fields.String(allow_none=True)
    last_attempt_at = ma.fields.DateTime(allow_none=True)
    sent_at = ma.fields.DateTime(allow_none=True)


class DeliveryQueryArgsSchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    channel = ma.fields.String(validate=validate.OneOf(CHANNELS))
    event = ma.fields.String(validate=validate.Length(max=50))
    user_id = Id()
    notification_id = Id()


class PreferenceSchema(ma.Schema):
    event = ma.fields.String(required=True, validate=validate.Length(min=1, max=50))
    label = ma.fields.String(dump_only=True)
    email = ma.fields.Boolean()
    sms = ma.fields.Boolean()


class PreferencesUpdateSchema(ma.Schema):
    preferences = ma.fields.List(ma.fields.Nested(PreferenceSchema), required=True,
                                 validate=validate.Length(min=1, max=50))


class CompanyQueryArgsSchema(ma.Schema):
    company_id = Id(metadata={"description": "Superadmins choose the company; others get their own."})


class UnsubscribeQueryArgsSchema(ma.Schema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=500))
