"""Prompt schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import EntitySchema, Id


class PromptSchema(EntitySchema):
    company_id = ma.fields.Integer(allow_none=True, metadata={"description": "null: the global default."})
    name = ma.fields.String()
    version = ma.fields.Integer()
    content = ma.fields.String()
    is_active = ma.fields.Boolean()
    created_by_id = ma.fields.Integer(allow_none=True)


class PromptCreateSchema(ma.Schema):
    content = ma.fields.String(required=True, validate=validate.Length(min=20, max=20000))
    company_id = Id(allow_none=True, metadata={
        "description": "Superadmin only: the company, or null for the global default. Others: their own."})


class PromptActivateSchema(ma.Schema):
    is_active = ma.fields.Boolean(required=True, validate=validate.Equal(True, error="Activate a version instead."))


class EffectivePromptSchema(ma.Schema):
    source = ma.fields.String(metadata={"description": "company, global or built-in"})
    version = ma.fields.String(metadata={"description": "Recorded on every analysis made with it."})
    content = ma.fields.String()


class PromptQueryArgsSchema(ma.Schema):
    company_id = Id(metadata={"description": "Superadmin only."})
