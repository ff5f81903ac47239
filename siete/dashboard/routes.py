"""Dashboard endpoints (seed §6.7, §9.2)."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.roles import STAFF, Role
from siete.dashboard import service
from siete.dashboard.schemas import DashboardQueryArgsSchema, DashboardSchema, TrendsQueryArgsSchema, TrendsSchema

blp = Blueprint("dashboard", __name__, url_prefix="/api/v1/dashboard", description="Role-based KPI summaries")


@blp.route("")
class Dashboard(MethodView):
    @blp.roles(*tuple(Role))
    @blp.arguments(DashboardQueryArgsSchema, location="query")
    @blp.response(200, DashboardSchema)
    def get(self, args):
        """The caller's dashboard: all companies, one company, assigned campaigns, or own evaluations"""
        return service.dashboard(args)


@blp.route("/trends")
class Trends(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(TrendsQueryArgsSchema, location="query")
    @blp.response(200, TrendsSchema)
    def get(self, args):
        """A KPI over time by day, week or month (e.g. inferred NPS evolution)"""
        return service.trends(args)
