"""Analysis row rules: an analysis is visible exactly when its evaluation is."""
from sqlalchemy.orm import with_loader_criteria

from siete.analysis.models import EvaluationAnalysis
from siete.core.tenancy import register_row_rule
from siete.evaluations.rules import visible_evaluation_ids


@register_row_rule
def _with_its_evaluation(scope):
    visible = visible_evaluation_ids(scope)
    if visible is None:
        return []
    return [with_loader_criteria(EvaluationAnalysis, EvaluationAnalysis.evaluation_id.in_(visible))]
