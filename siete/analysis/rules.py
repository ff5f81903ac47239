"""Analysis row rules: an analysis is visible exactly when its evaluation is, and to the client once published."""
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


@register_row_rule
def _published_unless_reviewer(scope):
    """Until a reviewer publishes it, an analysis is absent for the client's admins, managers and the shopper."""
    if scope.can_review:
        return []
    return [with_loader_criteria(EvaluationAnalysis, EvaluationAnalysis.published_at.is_not(None))]
