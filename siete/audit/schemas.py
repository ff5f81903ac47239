"""Audit log schemas: read-only entries and their filters."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import DateRangeArgs, Id

SORTABLE = {"id", "created_at", "action"}
DEFAULT_SORT = "-created_at"


class AuditEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    created_at = ma.fields.DateTime()
    company_id = ma.fields.Integer(allow_none=True)
    actor_id = ma.fields.Integer(allow_none=True, metadata={"description": "None: a system job."})
    actor_role = ma.fields.Integer(allow_none=True)
    action = ma.fields.String(metadata={"description": "e.g. payment.confirmed, user.role_changed, prompt.created"})
    entity_type = ma.fields.String(metadata={"description": "The table of the record, e.g. payments"})
    entity_id = ma.fields.Integer(allow_none=True)
    before = ma.fields.Dict(allow_none=True)
    after = ma.fields.Dict(allow_none=True)


class AuditQueryArgsSchema(ListArgsSchema, DateRangeArgs):
    sort = Sort(SORTABLE, default=DEFAULT_SORT)
    company_id = Id(metadata={"description": "Superadmin only."})
    actor_id = Id()
    action = ma.fields.String(validate=validate.Length(max=60))
    entity_type = ma.fields.String(validate=validate.Length(max=40))
    entity_id = Id()
