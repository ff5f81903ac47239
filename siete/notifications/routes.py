"""Notifications endpoints (seed §6.10): each user sees only their own, listed or streamed live."""
import marshmallow as ma
from flask import Response
from flask.views import MethodView

from siete.core.api import Blueprint
from siete.core.pagination import SelectPage
from siete.core.schemas import MAX_ID
from siete.notifications import service
from siete.notifications.schemas import NotificationQueryArgsSchema, NotificationSchema, ReadAllResultSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications", description="In-app notifications")
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
SSE_EVENT = {  # one event, as OpenAPI 3.2's itemSchema describes Server-Sent Events
    "type": "object", "required": ["event", "data"],
    "properties": {"event": {"type": "string", "enum": ["ready", "notification"]}, "id": {"type": "string"},
                   "retry": {"type": "integer"}, "data": {"type": "string", "description": "JSON"}},
}
STREAM_DOC = """Server-Sent Events. Each new notification of mine arrives as `event: notification`;
its `id:` is the notification id and its `data:` the notification as `GET /notifications` lists it. The
stream opens with `retry:` advice and an `event: ready` whose `id:` is the resume cursor (data: `cursor`,
`replayed`, `truncated`, `heartbeat`); a `: heartbeat` comment follows every `heartbeat` seconds. On
reconnection (`Last-Event-ID` header, or `last_event_id`), my notifications after that id are replayed in
order (at most the newest few hundred; `truncated: true` then means: reload the inbox) before live ones.
Delivery is at least once: de-duplicate by id. The stream ends after a few minutes, or when the token
expires, and the client reconnects. EventSource cannot send headers, so this endpoint alone also accepts
the access token as `access_token`. Needs Redis (503 without)."""


class StreamQueryArgsSchema(ma.Schema):
    access_token = ma.fields.String(metadata={"description": "The access token, for clients that cannot send "
                                                             "an Authorization header (EventSource)."})
    last_event_id = ma.fields.Integer(validate=ma.validate.Range(min=0, max=MAX_ID), metadata={
        "description": "Replay my notifications after this id; the `Last-Event-ID` header takes precedence."})


class StreamHeadersSchema(ma.Schema):
    last_event_id = ma.fields.String(data_key="Last-Event-ID", metadata={
        "description": "Sent by EventSource when it reconnects: the id of the last event it received."})


def _last_event_id(args, headers):
    """The browser's `Last-Event-ID` (a value this API never sent is ignored), else the query parameter."""
    header = headers.get("last_event_id", "").strip()
    if header.isascii() and header.isdigit() and int(header) <= MAX_ID:
        return int(header)
    return args.get("last_event_id")


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


@blp.route("/stream")
class NotificationStream(MethodView):
    @blp.login_required(gate_payment=False, locations=["headers", "query_string"])
    @blp.arguments(StreamQueryArgsSchema, location="query")
    @blp.arguments(StreamHeadersSchema, location="headers")
    @blp.doc(description=STREAM_DOC, responses={"200": {
        "description": "An event stream", "content": {"text/event-stream": {"schema": SSE_EVENT}}}})
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self, args, headers):
        """Stream my new notifications live (Server-Sent Events)"""
        body = service.open_stream(_last_event_id(args, headers))
        return Response(body, mimetype="text/event-stream", headers=SSE_HEADERS)
