"""Survey schemas: the question builder's shape, survey bodies, list arguments and results."""
import marshmallow as ma
from marshmallow import ValidationError, post_load, validate, validates_schema

from siete.ai.criteria import VERIFIES_HELP, VERIFIES_PATTERN
from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import DateRangeArgs, EntitySchema, Id
from siete.surveys.questions import (
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    MAX_QUESTIONS,
    QUESTION_ID_PATTERN,
    QUESTION_TYPES,
    new_question_id,
)


class Trimmed(ma.fields.String):
    """A string with surrounding whitespace removed, so a blank value fails its length check."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class SurveyQuestionSchema(ma.Schema):
    id = ma.fields.String(
        validate=validate.Regexp(QUESTION_ID_PATTERN, error="Use 1-64 letters, digits, '_' or '-'"),
        metadata={"description": "Stable id, unique in the survey; generated when absent. Send it back on update."},
    )
    type = ma.fields.String(required=True, validate=validate.OneOf(QUESTION_TYPES))
    text = Trimmed(required=True, validate=validate.Length(min=1, max=500))
    required = ma.fields.Boolean(load_default=True)
    options = ma.fields.List(
        Trimmed(validate=validate.Length(min=1, max=200)),
        validate=validate.Length(min=2, max=50),
        metadata={"description": "single_choice and multiple_choice only: 2-50 unique options."},
    )
    min = ma.fields.Float(allow_none=True, metadata={"description": "number only."})
    max = ma.fields.Float(allow_none=True, metadata={"description": "number only; at least min."})
    max_length = ma.fields.Integer(
        validate=validate.Range(min=1, max=10000),
        metadata={"description": f"text only; default {DEFAULT_MAX_LENGTH}."},
    )
    verifies = ma.fields.String(
        validate=validate.Regexp(VERIFIES_PATTERN, error=f"Usa {VERIFIES_HELP}"),
        metadata={"description": "yes_no only: the check or scorecard criterion the answer states, e.g. "
                                 "'check:saludo' or 'criterion:ofrece_seguro'; an answer the recording "
                                 "contradicts is flagged on the analysis."},
    )

    @validates_schema
    def _check_type_specific_fields(self, data, **kwargs):
        kind, errors = data["type"], {}
        if kind in CHOICE_TYPES:
            if "options" not in data:
                errors["options"] = [f"Required for {kind} questions"]
            elif len({option.casefold() for option in data["options"]}) != len(data["options"]):
                errors["options"] = ["Options must be unique"]
        elif "options" in data:
            errors["options"] = ["Only single_choice and multiple_choice questions have options"]
        for bound in ("min", "max"):
            if kind != "number" and data.get(bound) is not None:
                errors[bound] = ["Only number questions have min and max"]
        if kind == "number" and None not in (data.get("min"), data.get("max")) and data["min"] > data["max"]:
            errors["min"] = ["Must not be greater than max"]
        if kind != "text" and "max_length" in data:
            errors["max_length"] = ["Only text questions have max_length"]
        if kind != "yes_no" and data.get("verifies"):
            errors["verifies"] = ["Solo una pregunta de sí o no (yes_no) puede verificar un criterio"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalize(self, data, **kwargs):
        kind = data["type"]
        question = {"id": data.get("id") or new_question_id(), "type": kind, "text": data["text"],
                    "required": data["required"]}
        if kind in CHOICE_TYPES:
            question["options"] = data["options"]
        if kind == "number":
            question.update({k: data[k] for k in ("min", "max") if data.get(k) is not None})
        if kind == "text":
            question["max_length"] = data.get("max_length", DEFAULT_MAX_LENGTH)
        if data.get("verifies"):
            question["verifies"] = data["verifies"]
        return question


def Questions(**kwargs):
    return ma.fields.List(
        ma.fields.Nested(SurveyQuestionSchema),
        validate=validate.Length(min=1, max=MAX_QUESTIONS),
        metadata={"description": f"1-{MAX_QUESTIONS} questions."},
        **kwargs,
    )


class SurveyFields(ma.Schema):
    name = Trimmed(validate=validate.Length(min=1, max=200))
    description = ma.fields.String(validate=validate.Length(max=5000), allow_none=True)
    questions = Questions()

    @validates_schema
    def _check_unique_question_ids(self, data, **kwargs):
        seen, errors = set(), {}
        for index, question in enumerate(data.get("questions") or ()):
            if question["id"] in seen:
                errors[index] = {"id": [f"Duplicate question id '{question['id']}'"]}
            seen.add(question["id"])
        if errors:
            raise ValidationError({"questions": errors})


class SurveySchema(EntitySchema, SurveyFields):
    company_id = ma.fields.Integer(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    previous_version_id = ma.fields.Integer(dump_only=True, allow_none=True)
    is_current = ma.fields.Boolean(dump_only=True)


class SurveyCreateSchema(SurveyFields):
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    questions = Questions(required=True)
    company_id = Id(metadata={"description": "Superadmin only (required); others create in their own company."})


class SurveyUpdateSchema(SurveyFields):
    """Changing the questions of a survey that has responses creates a new version."""


SORTABLE = {"id", "name", "version", "created_at", "updated_at"}


class SurveyQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE)
    include_versions = ma.fields.Boolean(load_default=False, metadata={"description": "Also list old versions."})
    company_id = Id(metadata={"description": "Superadmin only."})


class SurveyResultsArgsSchema(DateRangeArgs):
    all_versions = ma.fields.Boolean(
        load_default=False, metadata={"description": "Aggregate every version, matching questions by id."}
    )
    campaign_id = Id(metadata={"description": "Only responses of this campaign's evaluations."})


class SurveyOptionCountSchema(ma.Schema):
    option = ma.fields.String()
    count = ma.fields.Integer()


class SurveyTextAnswerSchema(ma.Schema):
    answer = ma.fields.String()
    evaluation_id = ma.fields.Integer()
    created_at = ma.fields.DateTime()


class SurveyQuestionResultSchema(ma.Schema):
    """Keys present depend on the question type."""

    id = ma.fields.String()
    type = ma.fields.String()
    text = ma.fields.String()
    count = ma.fields.Integer(metadata={"description": "Responses that answered this question."})
    counts = ma.fields.List(
        ma.fields.Nested(SurveyOptionCountSchema),
        metadata={"description": "choice, yes_no, scale, nps: every option or value, zeros included."},
    )
    mean = ma.fields.Float(allow_none=True, metadata={"description": "number, scale, nps (2 decimals)."})
    min = ma.fields.Float(allow_none=True, metadata={"description": "number, scale."})
    max = ma.fields.Float(allow_none=True, metadata={"description": "number, scale."})
    nps = ma.fields.Float(allow_none=True, metadata={"description": "% promoters (9-10) - % detractors (0-6)."})
    promoters = ma.fields.Integer()
    passives = ma.fields.Integer()
    detractors = ma.fields.Integer()
    latest = ma.fields.List(ma.fields.Nested(SurveyTextAnswerSchema), metadata={"description": "text: 10 latest."})


class SurveyResultsSchema(ma.Schema):
    survey_id = ma.fields.Integer()
    name = ma.fields.String()
    version = ma.fields.Integer()
    all_versions = ma.fields.Boolean()
    survey_ids = ma.fields.List(ma.fields.Integer(), metadata={"description": "Versions aggregated."})
    responses = ma.fields.Integer(metadata={"description": "Responses matching the filters."})
    questions = ma.fields.List(ma.fields.Nested(SurveyQuestionResultSchema))
