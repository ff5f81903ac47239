"""Evaluation analysis endpoint (seed §6.6)."""
from flask.views import MethodView

from siete.analysis import service
from siete.analysis.schemas import AnalysisSchema, AnalysisTriggerSchema
from siete.core.api import Blueprint
from siete.core.roles import ADMINS, STAFF
from siete.evaluations import service as evaluations
from siete.evaluations.schemas import EvaluationSchema

blp = Blueprint("evaluation-analysis", __name__, url_prefix="/api/v1/evaluation-analysis",
                description="AI analysis: executive narrative and operative KPIs")


@blp.route("/<id:evaluation_id>")
class AnalysisByEvaluation(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, AnalysisSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, evaluation_id):
        """Get the analysis of an evaluation"""
        return service.analysis_for(evaluation_id)


@blp.route("")
class AnalysisTrigger(MethodView):
    @blp.roles(*ADMINS)
    @blp.arguments(AnalysisTriggerSchema)
    @blp.response(202, EvaluationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Trigger the analysis of an evaluation (same as POST /evaluations/{id}/reprocess)"""
        return evaluations.reprocess_evaluation(data["evaluation_id"])
