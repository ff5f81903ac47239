"""Evaluations endpoints (seed §6.5)."""
from flask import redirect, send_file
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.errors import error_response
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, Role
from siete.evaluations import service
from siete.evaluations.upload import UploadRefused
from siete.evaluations.schemas import (
    EvaluationDetailSchema,
    EvaluationQueryArgsSchema,
    EvaluationSchema,
    EvaluationUpdateSchema,
    EvaluationUploadSchema,
)

blp = Blueprint("evaluations", __name__, url_prefix="/api/v1/evaluations",
                description="Shopper video evaluations; shoppers see their own, managers their campaigns'")


@blp.errorhandler(UploadRefused)
def _upload_refused(err):
    """A refused video answers its status with the catalogue's text and its stable code (`error_code`)."""
    payload, status, headers = error_response(err.status, err.message, err.errors)
    return {**payload, "error_code": err.code}, status, headers


EVERYONE = tuple(Role)


@blp.route("")
class Evaluations(MethodView):
    @blp.roles(*EVERYONE)
    @blp.arguments(EvaluationQueryArgsSchema, location="query")
    @blp.response(200, EvaluationSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List evaluations (filter by campaign, zone, status, shopper, dates)"""
        return service.list_evaluations(args)

    @blp.roles(Role.SHOPPER, upload=True)
    @blp.arguments(EvaluationUploadSchema, location="form", content_type="multipart/form-data")
    @blp.response(202, EvaluationSchema)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, form):
        """Submit an evaluation: the video plus survey answers (multipart/form-data); analysis starts at once"""
        return service.submit_evaluation(form, form.pop("video"))


@blp.route("/<id:evaluation_id>")
class EvaluationById(MethodView):
    @blp.roles(*EVERYONE)
    @blp.response(200, EvaluationDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, evaluation_id):
        """Get an evaluation with its status, stage, progress and survey answers"""
        return service.evaluation_detail(evaluation_id)

    @blp.roles(Role.SUPERADMIN, Role.ADMIN, Role.SHOPPER)
    @blp.arguments(EvaluationUpdateSchema)
    @blp.response(200, EvaluationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data, evaluation_id):
        """Update comments or survey answers"""
        return service.update_evaluation(evaluation_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, evaluation_id):
        """Soft-delete an evaluation"""
        service.delete_evaluation(evaluation_id)


@blp.route("/<id:evaluation_id>/reprocess")
class EvaluationReprocess(MethodView):
    @blp.roles(*ADMINS)
    @blp.response(202, EvaluationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, evaluation_id):
        """Re-run the analysis from the first missing output (failed or stuck evaluations)"""
        return service.reprocess_evaluation(evaluation_id)


@blp.route("/<id:evaluation_id>/media")
class EvaluationMedia(MethodView):
    @blp.roles(*EVERYONE)
    @blp.response(200, description="The video itself (local storage; supports Range requests)")
    @blp.alt_response(302, description="Redirect to a short-lived signed URL (S3/R2 storage)")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, evaluation_id):
        """Watch the recording of an evaluation you can see"""
        location = service.media_location(evaluation_id)
        if "url" in location:
            return redirect(location["url"], code=302)
        return send_file(location["path"], mimetype=location["content_type"], conditional=True,
                         as_attachment=not location["inline"], download_name=location["filename"], max_age=0)
