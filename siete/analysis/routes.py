"""Evaluation analysis endpoint (seed §6.6)."""
from flask.views import MethodView

from siete.analysis import service
from siete.analysis.schemas import AnalysisSchema
from siete.core.api import Blueprint
from siete.core.roles import STAFF

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
