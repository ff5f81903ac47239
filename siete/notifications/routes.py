"""Notifications endpoints (seed §6.10): each user sees only their own."""
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.notifications import service
from siete.notifications.schemas import NotificationQueryArgsSchema, NotificationSchema, ReadAllResultSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications", description="In-app notifications")


@blp.route("")
class Notifications(MethodView):
    @blp.login_required
    @blp.arguments(NotificationQueryArgsSchema, location="query")
    @blp.response(200, NotificationSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List my notifications, newest first"""
        return service.list_notifications(args)


@blp.route("/<id:notification_id>/read")
class NotificationRead(MethodView):
    @blp.login_required(gate_payment=False)
    @blp.response(200, NotificationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, notification_id):
        """Mark one of my notifications as read"""
        return service.mark_read(notification_id)


@blp.route("/read-all")
class NotificationsReadAll(MethodView):
    @blp.login_required(gate_payment=False)
    @blp.response(200, ReadAllResultSchema)
    def put(self):
        """Mark all my notifications as read"""
        return service.mark_all_read()
