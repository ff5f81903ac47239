"""Campaigns endpoints (seed §6.4) with staffing and zones."""
from flask.views import MethodView

from siete.campaigns import service
from siete.campaigns.schemas import (
    CampaignCreateSchema,
    CampaignDetailSchema,
    CampaignFields,
    CampaignQueryArgsSchema,
    CampaignSchema,
)
from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF, Role
from siete.users.schemas import UserSchema
from siete.zones.schemas import IdListSchema, ZoneSchema

blp = Blueprint("campaigns", __name__, url_prefix="/api/v1/campaigns",
                description="Campaigns; managers and shoppers see the ones assigned to them")
EVERYONE = tuple(Role)


@blp.route("")
class Campaigns(MethodView):
    @blp.roles(*EVERYONE)
    @blp.arguments(CampaignQueryArgsSchema, location="query")
    @blp.response(200, CampaignSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List campaigns"""
        return service.list_campaigns(args)

    @blp.roles(*ADMINS)
    @blp.arguments(CampaignCreateSchema)
    @blp.response(201, CampaignSchema)
    def post(self, data):
        """Create a campaign"""
        return service.create_campaign(data)


@blp.route("/<id:campaign_id>")
class CampaignById(MethodView):
    @blp.roles(*EVERYONE)
    @blp.response(200, CampaignDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Get a campaign with its progress overall and per zone"""
        return service.campaign_detail(campaign_id)

    @blp.roles(*ADMINS)
    @blp.arguments(CampaignFields)
    @blp.response(200, CampaignSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, campaign_id):
        """Update a campaign"""
        return service.update_campaign(campaign_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, campaign_id):
        """Soft-delete a campaign"""
        service.delete_campaign(campaign_id)


@blp.route("/<id:campaign_id>/users")
class CampaignUsers(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, UserSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Managers and shoppers assigned to a campaign"""
        return service.campaign_users(campaign_id)

    @blp.roles(*ADMINS)
    @blp.arguments(IdListSchema)
    @blp.response(200, UserSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, campaign_id):
        """Replace the managers and shoppers assigned to a campaign"""
        return service.set_campaign_users(campaign_id, data["ids"])


@blp.route("/<id:campaign_id>/zones")
class CampaignZones(MethodView):
    @blp.roles(*EVERYONE)
    @blp.response(200, ZoneSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, campaign_id):
        """Zones where a campaign runs"""
        return service.campaign_zones(campaign_id)

    @blp.roles(*ADMINS)
    @blp.arguments(IdListSchema)
    @blp.response(200, ZoneSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, campaign_id):
        """Replace the zones where a campaign runs"""
        return service.set_campaign_zones(campaign_id, data["ids"])
