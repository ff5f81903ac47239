"""Notification schemas."""
import marshmallow as ma

from siete.core.schemas import EntitySchema


class NotificationSchema(EntitySchema):
    event = ma.fields.String()
    title = ma.fields.String()
    message = ma.fields.String(allow_none=True)
    data = ma.fields.Dict(allow_none=True)
    evaluation_id = ma.fields.Integer(allow_none=True)
    read_at = ma.fields.DateTime(allow_none=True)
    read = ma.fields.Function(lambda n: n.read_at is not None)


class NotificationQueryArgsSchema(ma.Schema):
    unread = ma.fields.Boolean(metadata={"description": "Only unread (true) or only read (false)."})


class ReadAllResultSchema(ma.Schema):
    updated = ma.fields.Integer()
