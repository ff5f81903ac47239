"""Users endpoints (seed §6.2)."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.roles import ADMINS, STAFF, Role
from siete.users import service
from siete.users.schemas import ReviewerSchema, UserCreateSchema, UserQueryArgsSchema, UserSchema, UserUpdateSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Users of every role")


@blp.route("")
class Users(MethodView):
    @blp.roles(*STAFF)
    @blp.arguments(UserQueryArgsSchema, location="query")
    @blp.response(200, UserSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List users (search by name or email, filter by role)"""
        return service.list_users(args)

    @blp.roles(*ADMINS)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Create a user"""
        return service.create_user(data)


@blp.route("/<id:user_id>")
class UserById(MethodView):
    @blp.roles(*STAFF)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, user_id):
        """Get a user"""
        return service.get_user(user_id)

    @blp.roles(*ADMINS)
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data, user_id):
        """Update a user"""
        return service.update_user(user_id, data)

    @blp.roles(*ADMINS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, user_id):
        """Soft-delete a user"""
        service.delete_user(user_id)


@blp.route("/<id:user_id>/reviewer")
class UserReviewer(MethodView):
    @blp.roles(Role.SUPERADMIN)
    @blp.arguments(ReviewerSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, user_id):
        """Grant or withdraw the reviewer permission (publish, override, resolve disputes in the user's company)"""
        return service.set_reviewer(user_id, data)
