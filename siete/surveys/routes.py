"""Surveys endpoints (seed §6.8) and survey results."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF, Role
from siete.surveys import service
from siete.surveys.schemas import (
    SurveyCreateSchema,
    SurveyQueryArgsSchema,
    SurveyResultsArgsSchema,
    SurveyResultsSchema,
    SurveySchema,
    SurveyUpdateSchema,
)

blp = Blueprint("surveys", __name__, url_prefix="/api/v1/surveys", description="Versioned survey forms")


@blp.route("")
class Surveys(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(SurveyQueryArgsSchema, location="query")
    @blp.response(200, SurveySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List surveys (current versions unless include_versions=true)"""
        return service.list_surveys(args)

    @blp.roles(*ADMINS)
    @blp.arguments(SurveyCreateSchema)
    @blp.response(201, SurveySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data):
        """Create a survey"""
        return service.create_survey(data)


@blp.route("/<id:survey_id>")
class SurveyById(MethodView):
    @blp.roles(*Role)
    @blp.response(200, SurveySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, survey_id):
        """Get a survey (shoppers: only surveys of campaigns assigned to them)"""
        return service.get_survey(survey_id)

    @blp.roles(*ADMINS)
    @blp.arguments(SurveyUpdateSchema)
    @blp.response(200, SurveySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data, survey_id):
        """Update a survey (new version when its questions change after responses exist)"""
        return service.update_survey(survey_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, survey_id):
        """Soft-delete a survey and its versions (refused while a campaign uses it)"""
        service.delete_survey(survey_id)


@blp.route("/<id:survey_id>/results")
class SurveyResults(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(SurveyResultsArgsSchema, location="query")
    @blp.response(200, SurveyResultsSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, survey_id):
        """Aggregate a survey's answers per question"""
        return service.survey_results(survey_id, args)
