"""Review row rules: a dispute or override is visible exactly when its evaluation is."""
from sqlalchemy.orm import with_loader_criteria

from siete.core.tenancy import register_row_rule
from siete.evaluations.rules import visible_evaluation_ids
from siete.review.models import AnalysisOverride, Dispute


@register_row_rule
def _with_its_evaluation(scope):
    visible = visible_evaluation_ids(scope)
    if visible is None:
        return []
    return [with_loader_criteria(model, model.evaluation_id.in_(visible)) for model in (Dispute, AnalysisOverride)]
