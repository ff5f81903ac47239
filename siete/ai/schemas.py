"""The one operative-view schema (Spanish keys) that every analyzer's output must pass."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

CHECKS = ("saludo", "identificacion", "oferta", "cierre", "valor_agregado")
VERBATIM_KINDS = ("positivos", "negativos", "criticos")
PRIORITIES = ("alta", "media", "baja")


class StrictBoolean(fields.Boolean):
    """A JSON boolean only: no 'yes', 1 or 'true' slipping through from a model."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class StrictInteger(fields.Integer):
    """A JSON integer only (not a float, string or boolean)."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class Seconds(fields.Float):
    """A position in the recording in seconds, given as a JSON number."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (bool, str)):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class IndicatorSchema(Schema):
    """A 0-100 index with the reason behind it."""

    score = StrictInteger(required=True, validate=validate.Range(0, 100))
    justificacion = fields.String(required=True)


class CalidadBasicaSchema(Schema):
    """The five basic service-quality checks."""

    saludo = StrictBoolean(required=True)
    identificacion = StrictBoolean(required=True)
    oferta = StrictBoolean(required=True)
    cierre = StrictBoolean(required=True)
    valor_agregado = StrictBoolean(required=True)


class CitaSchema(Schema):
    """A quote, where it is said and who said it, so a reviewer can jump to the moment (the service fills
    inicio/fin/hablante/rol from the transcript line the quote is found in)."""

    cita = fields.String(required=True)
    inicio = Seconds(required=True, validate=validate.Range(min=0))
    fin = Seconds(required=True, validate=validate.Range(min=0))
    linea = StrictInteger(load_default=None, allow_none=True, metadata={"description": "cited transcript line"})
    hablante = fields.String(load_default="", allow_none=True, metadata={"description": "speaker label"})
    rol = fields.String(load_default="desconocido", allow_none=True,
                        metadata={"description": "empleado | cliente | desconocido"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data["fin"] < data["inicio"]:
            raise ValidationError("fin must not precede inicio", "fin")


def _quotes() -> fields.List:
    return fields.List(fields.Nested(CitaSchema), required=True)


class EvidenciaCalidadSchema(Schema):
    """Quotes that support each basic-quality check (empty when the check failed)."""

    saludo = _quotes()
    identificacion = _quotes()
    oferta = _quotes()
    cierre = _quotes()
    valor_agregado = _quotes()


class EvidenciaVerbatimsSchema(Schema):
    """Timed quotes for the verbatims, in the same order."""

    positivos = _quotes()
    negativos = _quotes()
    criticos = _quotes()


class EvidenciasSchema(Schema):
    """Where in the recording each judgement comes from."""

    calidad_basica = fields.Nested(EvidenciaCalidadSchema, required=True)
    verbatims = fields.Nested(EvidenciaVerbatimsSchema, required=True)


class VerbatimsSchema(Schema):
    """Exact customer/employee quotes by sentiment."""

    positivos = fields.List(fields.String(), required=True)
    negativos = fields.List(fields.String(), required=True)
    criticos = fields.List(fields.String(), required=True)


class AccionSchema(Schema):
    """A suggested follow-up action and its priority."""

    accion = fields.String(required=True)
    prioridad = fields.String(required=True, validate=validate.OneOf(PRIORITIES))


class OperativeViewSchema(Schema):
    """Vista operativa: commercial opportunity, churn risk, effort, inferred NPS, quality, quotes, actions."""

    IOC = fields.Nested(IndicatorSchema, required=True)
    IRD = fields.Nested(IndicatorSchema, required=True)
    CES = fields.Nested(IndicatorSchema, required=True)
    NPS_inferido = StrictInteger(required=True, validate=validate.Range(0, 10))
    calidad_basica = fields.Nested(CalidadBasicaSchema, required=True)
    evidencias = fields.Nested(EvidenciasSchema, required=True)
    verbatims = fields.Nested(VerbatimsSchema, required=True)
    acciones_sugeridas = fields.List(fields.Nested(AccionSchema), required=True)


class CriterionAnswerSchema(Schema):
    """The model's answer for one company criterion (the service turns it into the stored verdict)."""

    cumple = StrictBoolean(required=True, allow_none=True)
    evidencias = _quotes()


class CriterionVerdictSchema(Schema):
    """A stored criterion verdict: operative_view["criterios"][key]."""

    nombre = fields.String(required=True)
    cumple = StrictBoolean(required=True, allow_none=True)
    peso = fields.Float(required=True)
    evidencia = fields.Nested(CitaSchema, required=True, allow_none=True)


class ContradictionSchema(Schema):
    """A survey answer the recording contradicts: operative_view["contradicciones"][i]."""

    pregunta = fields.String(required=True)
    respuesta = fields.Raw(required=True)
    objetivo = fields.String(required=True, metadata={"description": "check:<name> or criterion:<key>"})
    veredicto = StrictBoolean(required=True, allow_none=True)
    evidencia = fields.Nested(CitaSchema, required=True, allow_none=True)


class StoredOperativeViewSchema(OperativeViewSchema):
    """The operative view as stored: the model's answer plus criterion verdicts and survey contradictions."""

    criterios = fields.Dict(keys=fields.String(), values=fields.Nested(CriterionVerdictSchema))
    contradicciones = fields.List(fields.Nested(ContradictionSchema))


class AnalysisAnswerSchema(Schema):
    """What the model must answer: the executive markdown and the operative view."""

    executive_view = fields.String(required=True, validate=validate.Length(min=1))
    operative_view = fields.Nested(OperativeViewSchema, required=True)


def validate_operative_view(view: dict) -> dict:
    """Return the stored view loaded by the schema; raise marshmallow.ValidationError when it does not fit."""
    return StoredOperativeViewSchema().load(view)
