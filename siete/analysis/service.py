"""Reading the analysis of an evaluation the caller can see."""
from sqlalchemy import select

from siete.analysis.models import EvaluationAnalysis
from siete.core.errors import NotFound
from siete.evaluations.service import get_evaluation
from siete.extensions import db


def analysis_of(evaluation):
    """The analysis row of an evaluation already read through the scoped path (None: none the caller may see)."""
    return db.session.scalars(
        select(EvaluationAnalysis).where(EvaluationAnalysis.evaluation_id == evaluation.id)).first()


def analysis_for(evaluation_id):
    evaluation = get_evaluation(evaluation_id)
    analysis = analysis_of(evaluation)
    if analysis is None:
        raise NotFound(f"Evaluation {evaluation_id} has no analysis yet (status: {evaluation.status})")
    return analysis
