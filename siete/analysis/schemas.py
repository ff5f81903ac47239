"""The stored analysis as the API shows it; the operative view follows the engine's one schema."""
import marshmallow as ma

from siete.ai.schemas import StoredOperativeViewSchema
from siete.core.schemas import Id


class AdjustmentSchema(ma.Schema):
    """A reviewer's change: the AI's verdict beside the human one, who made it and why."""

    target = ma.fields.String(metadata={"description": "check:<name>, criterion:<key> or kpi:<name>"})
    ai_value = ma.fields.Function(lambda o: (o.ai_value or {}).get("value"), metadata={"description": "The AI's."})
    human_value = ma.fields.Function(lambda o: (o.human_value or {}).get("value"))
    reason = ma.fields.String()
    user_id = ma.fields.Integer()
    reviewer = ma.fields.Function(lambda o: o.user.full_name if o.user else None, metadata={"type": "string"})
    dispute_id = ma.fields.Integer(allow_none=True)
    updated_at = ma.fields.DateTime()


class AnalysisSchema(ma.Schema):
    id = ma.fields.Integer()
    evaluation_id = ma.fields.Integer()
    executive_view = ma.fields.String(allow_none=True, metadata={"description": "Markdown, Spanish."})
    operative_view = ma.fields.Nested(StoredOperativeViewSchema, allow_none=True)
    transcript = ma.fields.Dict(allow_none=True)
    language = ma.fields.String(allow_none=True)
    provider = ma.fields.String(allow_none=True)
    model = ma.fields.String(allow_none=True)
    transcriber = ma.fields.String(allow_none=True)
    prompt_version = ma.fields.String(allow_none=True)
    prompt_tokens = ma.fields.Integer(allow_none=True)
    completion_tokens = ma.fields.Integer(allow_none=True)
    scorecard_version = ma.fields.String(allow_none=True)
    scorecard_score = ma.fields.Float(allow_none=True, metadata={"description": "0-100, weighted."})
    contradiction_count = ma.fields.Integer(metadata={"description": "Survey answers the recording contradicts."})
    created_at = ma.fields.DateTime()
    published_at = ma.fields.DateTime(allow_none=True, metadata={"description": "None: waiting for review."})
    published_by = ma.fields.Integer(allow_none=True, metadata={"description": "The reviewer; None: no review."})
    adjustments = ma.fields.List(ma.fields.Nested(AdjustmentSchema))


class AnalysisTriggerSchema(ma.Schema):
    evaluation_id = Id(required=True)
