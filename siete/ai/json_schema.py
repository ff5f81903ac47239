"""Derives OpenAI's strict JSON schema from the marshmallow schemas, so the two cannot drift apart."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from siete.ai.schemas import AnalysisAnswerSchema, CriterionAnswerSchema

RESPONSE_FORMAT_NAME = "siete_cx_analysis"


def strict_json_schema(schema: Schema | type[Schema]) -> dict[str, Any]:
    """JSON schema in OpenAI strict mode: every property required, no additional properties."""
    schema = schema() if isinstance(schema, type) else schema
    properties = {field.data_key or name: _field(field) for name, field in schema.fields.items()
                  if not field.dump_only}
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


def response_format(criterion_keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """The response_format argument for chat.completions.create; each company criterion key becomes a required
    property of operative_view.criterios, so the model must answer every one."""
    schema = strict_json_schema(AnalysisAnswerSchema)
    if criterion_keys:
        answer = strict_json_schema(CriterionAnswerSchema)
        view = schema["properties"]["operative_view"]
        view["properties"]["criterios"] = {"type": "object", "properties": {key: answer for key in criterion_keys},
                                           "required": list(criterion_keys), "additionalProperties": False}
        view["required"].append("criterios")
    return {"type": "json_schema",
            "json_schema": {"name": RESPONSE_FORMAT_NAME, "strict": True, "schema": schema}}


def _field(field: fields.Field) -> dict[str, Any]:
    """JSON schema of one marshmallow field (the field types the operative view uses)."""
    if isinstance(field, fields.Nested):
        nested = strict_json_schema(field.schema)
        result = {"type": "array", "items": nested} if field.many else nested
    elif isinstance(field, fields.List):
        result = {"type": "array", "items": _field(field.inner)}
    elif isinstance(field, fields.Boolean):
        result = {"type": "boolean"}
    elif isinstance(field, fields.Integer):
        result = {"type": "integer"}
    elif isinstance(field, fields.Number):
        result = {"type": "number"}
    elif isinstance(field, fields.String):
        result = {"type": "string"}
    else:
        raise TypeError(f"no JSON schema mapping for {type(field).__name__}")
    for validator in _validators(field):
        if isinstance(validator, validate.Range):
            result.update({key: value for key, value in (("minimum", validator.min), ("maximum", validator.max))
                           if value is not None})
        elif isinstance(validator, validate.OneOf):
            result["enum"] = list(validator.choices)
    if field.allow_none:
        result["type"] = [result["type"], "null"]
    return result


def _validators(field: fields.Field) -> list:
    """The field's validators (marshmallow keeps them in a list)."""
    return list(getattr(field, "validators", []) or [])
