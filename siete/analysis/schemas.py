"""The stored analysis as the API shows it; the operative view follows the engine's one schema."""
import marshmallow as ma

from siete.ai.schemas import OperativeViewSchema
from siete.core.schemas import Id


class AnalysisSchema(ma.Schema):
    id = ma.fields.Integer()
    evaluation_id = ma.fields.Integer()
    executive_view = ma.fields.String(allow_none=True, metadata={"description": "Markdown, Spanish."})
    operative_view = ma.fields.Nested(OperativeViewSchema, allow_none=True)
    transcript = ma.fields.Dict(allow_none=True)
    language = ma.fields.String(allow_none=True)
    provider = ma.fields.String(allow_none=True)
    model = ma.fields.String(allow_none=True)
    transcriber = ma.fields.String(allow_none=True)
    prompt_version = ma.fields.String(allow_none=True)
    prompt_tokens = ma.fields.Integer(allow_none=True)
    completion_tokens = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


class AnalysisTriggerSchema(ma.Schema):
    evaluation_id = Id(required=True)
