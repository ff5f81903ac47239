"""Zones endpoints (seed §6.9) and zone staffing."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF
from siete.users.schemas import UserSchema
from siete.zones import service
from siete.zones.schemas import IdListSchema, ZoneCreateSchema, ZoneFields, ZoneQueryArgsSchema, ZoneSchema

blp = Blueprint("zones", __name__, url_prefix="/api/v1/zones", description="Geographic zones")


@blp.route("")
class Zones(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(ZoneQueryArgsSchema, location="query")
    @blp.response(200, ZoneSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List zones (filter by country, state, city)"""
        return service.list_zones(args)

    @blp.roles(*ADMINS)
    @blp.arguments(ZoneCreateSchema)
    @blp.response(201, ZoneSchema)
    def post(self, data):
        """Create a zone"""
        return service.create_zone(data)


@blp.route("/<id:zone_id>")
class ZoneById(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, ZoneSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, zone_id):
        """Get a zone"""
        return service.get_zone(zone_id)

    @blp.roles(*ADMINS)
    @blp.arguments(ZoneFields)
    @blp.response(200, ZoneSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, zone_id):
        """Update a zone"""
        return service.update_zone(zone_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, zone_id):
        """Soft-delete a zone"""
        service.delete_zone(zone_id)


@blp.route("/<id:zone_id>/users")
class ZoneUsers(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, UserSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, zone_id):
        """Users assigned to a zone"""
        return service.zone_users(zone_id)

    @blp.roles(*ADMINS)
    @blp.arguments(IdListSchema)
    @blp.response(200, UserSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, zone_id):
        """Replace the users assigned to a zone"""
        return service.set_zone_users(zone_id, data["ids"])
