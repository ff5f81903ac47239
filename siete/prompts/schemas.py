"""Prompt schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import EntitySchema, Id


class ActivationCheckSchema(EntitySchema):
    """A golden-set check of a prompt or scorecard version: follow `progress`; `message` says why it was refused."""

    company_id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "prompt or scorecard"})
    version_id = ma.fields.Integer(metadata={"description": "The prompt or scorecard version checked."})
    status = ma.fields.String(metadata={"description": "running → activated | refused | failed"})
    progress = ma.fields.Integer(metadata={"description": "0–100"})
    total = ma.fields.Integer(metadata={"description": "Reviewed evaluations compared on."})
    before_agreement = ma.fields.Float(allow_none=True, metadata={"description": "With the active version, 0–1."})
    after_agreement = ma.fields.Float(allow_none=True, metadata={"description": "With the candidate, 0–1."})
    margin = ma.fields.Float(metadata={"description": "The largest drop allowed (GOLDEN_MAX_DROP)."})
    message = ma.fields.String(allow_none=True)
    requested_by = ma.fields.Integer(allow_none=True)


FORCE = {"load_default": False, "metadata": {
    "description": "Activate without the golden-set check (recorded in the audit log with who forced it)."}}


class PromptSchema(EntitySchema):
    company_id = ma.fields.Integer(allow_none=True, metadata={"description": "null: the global default."})
    name = ma.fields.String()
    version = ma.fields.Integer()
    content = ma.fields.String()
    is_active = ma.fields.Boolean()
    created_by_id = ma.fields.Integer(allow_none=True)
    activation = ma.fields.Method("_activation", allow_none=True, metadata={
        "type": "object", "description": "The golden-set check started by this request (ActivationCheck), if any."})

    def _activation(self, prompt):
        check = getattr(prompt, "activation", None)
        return ActivationCheckSchema().dump(check) if check is not None else None


class PromptCreateSchema(ma.Schema):
    content = ma.fields.String(required=True, validate=validate.Length(min=20, max=20000))
    company_id = Id(allow_none=True, metadata={
        "description": "Superadmin only: the company, or null for the global default. Others: their own."})
    force = ma.fields.Boolean(**FORCE)


class PromptActivateSchema(ma.Schema):
    is_active = ma.fields.Boolean(required=True, validate=validate.Equal(True, error="Activate a version instead."))
    force = ma.fields.Boolean(**FORCE)


class EffectivePromptSchema(ma.Schema):
    source = ma.fields.String(metadata={"description": "company, global or built-in"})
    version = ma.fields.String(metadata={"description": "Recorded on every analysis made with it."})
    content = ma.fields.String()


class PromptQueryArgsSchema(ma.Schema):
    company_id = Id(metadata={"description": "Superadmin only."})
