"""Scorecard endpoints: the basic checks' weights and a company's own criteria, versioned like prompts."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.roles import ADMINS, STAFF
from siete.scorecards import service
from siete.scorecards.schemas import (
    EffectiveScorecardSchema,
    ScorecardActivateSchema,
    ScorecardCreateSchema,
    ScorecardQueryArgsSchema,
    ScorecardSchema,
)

blp = Blueprint("scorecards", __name__, url_prefix="/api/v1/scorecards",
                description="Scorecards per company: basic checks plus the company's own criteria")


@blp.route("")
class Scorecards(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(ScorecardQueryArgsSchema, location="query")
    @blp.response(200, ScorecardSchema(many=True))
    def get(self, args):
        """List scorecard versions, newest first"""
        return service.list_scorecards(args)

    @blp.roles(*ADMINS)
    @blp.arguments(ScorecardCreateSchema)
    @blp.response(201, ScorecardSchema)
    def post(self, data):
        """Create a new scorecard version (check weights and criteria); it becomes the active one once its golden-set
        check passes (`activation`), at once with `force` or when the company has no reviewed evaluations"""
        return service.create_scorecard(data)


@blp.route("/effective")
class EffectiveScorecard(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(ScorecardQueryArgsSchema, location="query")
    @blp.response(200, EffectiveScorecardSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """The scorecard the next analysis will use (the active version, else the five basic checks)"""
        return service.effective_scorecard(args)


@blp.route("/<id:scorecard_id>")
class ScorecardById(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, scorecard_id):
        """Get a scorecard version"""
        return service.get_scorecard(scorecard_id)

    @blp.roles(*ADMINS)
    @blp.arguments(ScorecardActivateSchema)
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, scorecard_id):
        """Activate a stored version after a golden-set check on the company's reviewed evaluations (see
        `activation`), or at once with `force` (versions never change: create a new one instead)"""
        return service.activate_scorecard(scorecard_id, data)
