"""Scorecard schemas: criteria an admin defines, check weights, versions and the effective scorecard."""
import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from siete.ai.criteria import KEY_PATTERN
from siete.ai.schemas import CHECKS
from siete.core.schemas import EntitySchema, Id
from siete.prompts.schemas import FORCE, ActivationCheckSchema

MAX_CRITERIA = 50
DEFAULT_WEIGHT = 1.0


def Weight(**kwargs):  # noqa: N802 - reads like a field class
    return ma.fields.Float(validate=validate.Range(min=0, max=100), **kwargs)


def Text(max_len, **kwargs):  # noqa: N802
    return ma.fields.String(validate=validate.Length(max=max_len), load_default="", **kwargs)


class CriterionSchema(ma.Schema):
    key = ma.fields.String(required=True, validate=validate.Regexp(
        KEY_PATTERN, error="Usa de 1 a 50 minúsculas, dígitos o '_' (empieza por letra o dígito)"),
        metadata={"description": "Stable slug: analyses, overrides and survey questions refer to it."})
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000),
                                   metadata={"description": "What the employee must do (the offline analyzer "
                                                            "also matches its words)."})
    counts = Text(1000, metadata={"description": "What counts as meeting it."})
    does_not_count = Text(1000, metadata={"description": "What does not count."})
    examples = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=200)), load_default=list,
                              validate=validate.Length(max=20),
                              metadata={"description": "Phrases an employee meeting it would say (up to 20)."})
    weight = Weight(load_default=DEFAULT_WEIGHT, metadata={"description": "0-100; 0 keeps it out of the score."})
    campaign_ids = ma.fields.List(Id(), load_default=list, validate=validate.Length(max=200),
                                  metadata={"description": "Campaigns it applies to; empty: all."})


class CheckWeightsSchema(ma.Schema):
    """Weight of each basic check in the scorecard score (default 1; 0 leaves it out)."""

    saludo = Weight(load_default=DEFAULT_WEIGHT)
    identificacion = Weight(load_default=DEFAULT_WEIGHT)
    oferta = Weight(load_default=DEFAULT_WEIGHT)
    cierre = Weight(load_default=DEFAULT_WEIGHT)
    valor_agregado = Weight(load_default=DEFAULT_WEIGHT)


DEFAULT_CHECK_WEIGHTS = {check: DEFAULT_WEIGHT for check in CHECKS}


class ScorecardCreateSchema(ma.Schema):
    company_id = Id(metadata={"description": "Superadmin only (required); admins write their own company's."})
    check_weights = ma.fields.Nested(CheckWeightsSchema, load_default=lambda: dict(DEFAULT_CHECK_WEIGHTS))
    criteria = ma.fields.List(ma.fields.Nested(CriterionSchema), load_default=list,
                              validate=validate.Length(max=MAX_CRITERIA))
    force = ma.fields.Boolean(**FORCE)

    @validates_schema
    def _unique_keys(self, data, **kwargs):
        seen, errors = set(), {}
        for index, criterion in enumerate(data.get("criteria") or ()):
            if criterion["key"] in CHECKS:
                errors[index] = {"key": ["Es el nombre de una verificación básica"]}
            elif criterion["key"] in seen:
                errors[index] = {"key": [f"Clave repetida '{criterion['key']}'"]}
            seen.add(criterion["key"])
        if errors:
            raise ValidationError({"criteria": errors})


class ScorecardSchema(EntitySchema):
    company_id = ma.fields.Integer()
    version = ma.fields.Integer()
    label = ma.fields.String(metadata={"description": "Recorded on every analysis made with it."})
    is_active = ma.fields.Boolean()
    check_weights = ma.fields.Nested(CheckWeightsSchema)
    criteria = ma.fields.List(ma.fields.Nested(CriterionSchema))
    activation = ma.fields.Method("_activation", allow_none=True, metadata={
        "type": "object", "description": "The golden-set check started by this request (ActivationCheck), if any."})

    def _activation(self, scorecard):
        check = getattr(scorecard, "activation", None)
        return ActivationCheckSchema().dump(check) if check is not None else None
    created_by_id = ma.fields.Integer(allow_none=True)


class ScorecardActivateSchema(ma.Schema):
    is_active = ma.fields.Boolean(required=True, validate=validate.Equal(True, error="Activa una versión."))
    force = ma.fields.Boolean(**FORCE)


class EffectiveScorecardSchema(ma.Schema):
    source = ma.fields.String(metadata={"description": "company or built-in (the five checks, equal weights)"})
    version = ma.fields.String()
    check_weights = ma.fields.Nested(CheckWeightsSchema)
    criteria = ma.fields.List(ma.fields.Nested(CriterionSchema))


class ScorecardQueryArgsSchema(ma.Schema):
    company_id = Id(metadata={"description": "Superadmin only."})
