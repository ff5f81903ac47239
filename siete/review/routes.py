"""Review before publication, overrides, disputes and calibration (issue 15)."""
from flask.views import MethodView

from siete.analysis.schemas import AnalysisSchema
from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF, Role
from siete.evaluations.schemas import EvaluationSchema
from siete.review import calibration, service
from siete.review.schemas import (
    CalibrationArgsSchema,
    CalibrationSchema,
    DisputeAcceptSchema,
    DisputeCreateSchema,
    DisputeQueryArgsSchema,
    DisputeRejectSchema,
    DisputeSchema,
    OverrideSchema,
    PublishSchema,
    ReviewQueueArgsSchema,
    SendBackSchema,
)

blp = Blueprint("review", __name__, url_prefix="/api/v1",
                description="Human review before the client sees an analysis, overrides, disputes, calibration")


@blp.route("/reviews")
class ReviewQueue(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(ReviewQueueArgsSchema, location="query")
    @blp.response(200, EvaluationSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """Evaluations whose analysis waits for review, the most critical first"""
        return service.review_queue(args)


@blp.route("/evaluations/<id:evaluation_id>/publish")
class Publish(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(PublishSchema, required=False)
    @blp.response(200, AnalysisSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, evaluation_id):
        """Publish an analysis in review: the client sees it and is notified"""
        return service.publish(evaluation_id, data or {})


@blp.route("/evaluations/<id:evaluation_id>/send-back")
class SendBack(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(SendBackSchema)
    @blp.response(202, EvaluationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, evaluation_id):
        """Send an analysis in review back to be analysed again, with the reason"""
        return service.send_back(evaluation_id, data)


@blp.route("/evaluation-analysis/<id:evaluation_id>/overrides")
class Overrides(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(OverrideSchema)
    @blp.response(200, AnalysisSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, evaluation_id):
        """Override one check, criterion or KPI with a reason (the AI's verdict is kept beside it)"""
        return service.override(evaluation_id, data)


@blp.route("/disputes")
class Disputes(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(DisputeQueryArgsSchema, location="query")
    @blp.response(200, DisputeSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List disputes of the evaluations the caller can see"""
        return service.list_disputes(args)

    @blp.roles(Role.ADMIN, Role.MANAGER)
    @blp.arguments(DisputeCreateSchema)
    @blp.response(201, DisputeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Dispute one published check, criterion or KPI; the reviewers are notified"""
        return service.open_dispute(data)


@blp.route("/disputes/<id:dispute_id>")
class DisputeById(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, DisputeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, dispute_id):
        """Get a dispute"""
        return service.get_dispute(dispute_id)


@blp.route("/disputes/<id:dispute_id>/accept")
class AcceptDispute(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(DisputeAcceptSchema)
    @blp.response(200, DisputeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, dispute_id):
        """Accept a dispute: the verdict is overridden and whoever raised it is notified"""
        return service.accept_dispute(dispute_id, data)


@blp.route("/disputes/<id:dispute_id>/reject")
class RejectDispute(MethodView):
    @blp.roles(*STAFF, reviewer=True)
    @blp.arguments(DisputeRejectSchema)
    @blp.response(200, DisputeSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, dispute_id):
        """Reject a dispute with the reason; whoever raised it is notified"""
        return service.reject_dispute(dispute_id, data)


@blp.route("/calibration")
class Calibration(MethodView):
    @blp.roles(*ADMINS, gate_payment=False)
    @blp.arguments(CalibrationArgsSchema, location="query")
    @blp.response(200, CalibrationSchema)
    def get(self, args):
        """AI-vs-human agreement and Cohen's kappa per check and criterion, by provider, model and versions"""
        return calibration.calibration(args)
