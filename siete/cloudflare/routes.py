"""Cloudflare Stream endpoints: an upload URL for shoppers, and the webhook Cloudflare calls when a video is done."""
from http import HTTPStatus

from flask import request
from flask.views import MethodView

from siete.cloudflare import service
from siete.cloudflare.schemas import (
    StreamUploadResultSchema,
    StreamUploadSchema,
    WebhookNotificationSchema,
    WebhookResultSchema,
)
from siete.cloudflare.webhook import HEADER
from siete.core.api import Blueprint
from siete.core.roles import Role

blp = Blueprint("cloudflare", __name__, url_prefix="/api/v1/cloudflare",
                description="Cloudflare Stream: direct video uploads and the processing webhook")
SIGNATURE = {"in": "header", "name": HEADER, "required": True, "schema": {"type": "string"},
             "description": "time=<unix seconds>,sig1=<hex HMAC-SHA256 of '<time>.<raw body>' with the webhook secret>"}


@blp.route("/stream/upload")
class StreamUpload(MethodView):
    @blp.roles(Role.SHOPPER)
    @blp.arguments(StreamUploadSchema)
    @blp.response(201, StreamUploadResultSchema)
    @blp.alt_response(502, response="BAD_GATEWAY")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def post(self, data):
        """Get a Cloudflare Stream upload URL and create the pending evaluation (validated like a submission)"""
        return service.create_stream_upload(data)


@blp.route("/webhook")
class StreamWebhook(MethodView):
    @blp.doc(parameters=[SIGNATURE],
             requestBody={"required": True, "content": {"application/json": {"schema": WebhookNotificationSchema}}},
             description="No bearer token: the signature authenticates Cloudflare. Idempotent: a replayed "
                         "delivery never queues the analysis twice; an unknown video answers `ignored`.")
    @blp.response(200, WebhookResultSchema)
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(422, response=HTTPStatus(422).name)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def post(self):
        """Receive a Stream notification: start the analysis of a ready video, fail one Stream could not process"""
        return service.receive_webhook(request.get_data(cache=True), request.headers.get(HEADER))
