"""Stream uploads (validated like a submission; rows written only once Cloudflare answered) and webhooks."""
import json
import hashlib
import logging
import time

import marshmallow as ma
from flask import current_app
from sqlalchemy import select
from werkzeug.utils import secure_filename

from siete.cloudflare import errors, webhook
from siete.cloudflare.client import BASIC_UPLOAD_LIMIT, stream_client
from siete.cloudflare.errors import StreamError
from siete.cloudflare.schemas import WebhookNotificationSchema
from siete.core import tenancy
from siete.core.errors import DomainError, Invalid
from siete.core.service import transactional
from siete.evaluations.models import Evaluation
from siete.evaluations.service import validate_submission
from siete.extensions import db
from siete.surveys import service as surveys

log = logging.getLogger(__name__)
STREAM_ERROR = "stream_error"
OWNER_FIELDS = ("company_id", "campaign_id", "zone_id", "user_id")
INTERACTIVE_READ_TIMEOUT = 8.0  # a shopper is waiting: one retry and short timeouts keep the worst case near 20 s


class StreamUnavailable(DomainError):
    """Cloudflare cannot be reached (or is not configured), or processing cannot be queued: try again later."""

    status = 503


class StreamRefused(DomainError):
    """Cloudflare answered but refused the request (token, account, limits): an upstream problem, not the user's."""

    status = 502


class BadSignature(DomainError):
    status = 401


class MalformedBody(DomainError):
    status = 400


def create_stream_upload(data):
    """Validate like a submission, ask Stream for an upload URL, then write the pending evaluation and answers."""
    scope = tenancy.current_scope()
    campaign, survey, answers = validate_submission(data)
    pending = {"company_id": campaign.company_id, "campaign_id": campaign.id, "zone_id": data["zone_id"],
               "user_id": scope.user_id, "comments": data.get("comments"), "media_size": data.get("size_bytes"),
               "media_filename": secure_filename(data.get("filename") or "")[:255] or None}
    db.session.rollback()  # only reads so far: no transaction stays open while Cloudflare answers
    uid, upload_url, tus = _request_upload(pending)
    evaluation = _create_pending(pending, uid, survey, answers)
    return {"evaluation_id": evaluation.id, "uid": uid, "upload_url": upload_url, "tus": tus}


def _request_upload(pending):
    """(uid, upload_url, tus): tus above Stream's 200 MB basic-upload limit, else one basic POST."""
    max_duration = current_app.config["MAX_VIDEO_SECONDS"]  # the same limit a direct upload is probed against
    name = pending["media_filename"] or "video"
    size = pending["media_size"]
    try:
        timeout = min(float(current_app.config.get("CLOUDFLARE_TIMEOUT", 30)), INTERACTIVE_READ_TIMEOUT)
        with stream_client(timeout=timeout, connect_timeout=3.0, retries=1) as client:
            if size is not None and size > BASIC_UPLOAD_LIMIT:
                return (*client.create_tus_upload(size, name, max_duration), True)
            meta = {"name": name, **{field: str(pending[field]) for field in OWNER_FIELDS}}
            return (*client.create_direct_upload(max_duration, meta), False)
    except StreamError as exc:
        log.warning("Cloudflare Stream upload URL not obtained: %s", exc)
        if exc.transient or exc.code == errors.NOT_CONFIGURED:
            raise StreamUnavailable("Cloudflare Stream is unavailable right now; nothing was saved. "
                                    "Try again in a few minutes.") from exc
        raise StreamRefused("Cloudflare Stream refused the upload request; nothing was saved.") from exc


@transactional
def _create_pending(pending, uid, survey, answers):
    evaluation = Evaluation(**pending, stream_uid=uid)
    db.session.add(evaluation)
    db.session.flush()
    if survey is not None:
        db.session.add(surveys.build_response(survey, evaluation.id, pending["user_id"], pending["company_id"],
                                              answers))
    return evaluation


def receive_webhook(raw_body, signature_header):
    """Authenticate, then act once per video: start the pipeline when ready, fail the evaluation on error.

    Every authenticated, well-formed delivery answers 200, even for a video this platform does not know
    (an upload slot whose evaluation was never written): Cloudflare retries non-2xx answers, and retrying
    cannot make an unknown video known. Only a failure to queue the pipeline answers 503, to be retried.
    """
    config = current_app.config
    secret = config.get("CLOUDFLARE_WEBHOOK_SECRET")
    try:
        webhook.verify_signature(signature_header, raw_body, secret,
                                 config.get("CLOUDFLARE_WEBHOOK_TOLERANCE", webhook.DEFAULT_TOLERANCE))
    except webhook.SignatureError as exc:
        if not secret:
            log.error("CLOUDFLARE_WEBHOOK_SECRET is not set: Stream webhooks cannot be authenticated")
        raise BadSignature(f"Webhook rejected: {exc}") from exc
    if not _first_sight(signature_header, config):
        raise BadSignature("Webhook rejected: this exact delivery was already received (replay)")
    notification = _parse(raw_body)
    with tenancy.system_scope():
        evaluation = db.session.scalars(select(Evaluation).where(Evaluation.stream_uid == notification["uid"])).first()
        if evaluation is None:
            log.info("Stream webhook for unknown video %s ignored", notification["uid"])
            return {"status": "ignored", "evaluation_id": None}
        state = notification["status"]["state"]
        if state == "error":
            return _fail(evaluation, notification["status"])
        if notification["readyToStream"] and state == "ready":
            return _start(evaluation)
        return {"status": "ignored", "evaluation_id": evaluation.id}


_SEEN_IN_PROCESS = {}


def _first_sight(signature_header, config):
    """Remember each signature for twice the tolerance: a byte-identical repeat is a replay (Cloudflare's own
    retries are signed anew). Redis when configured, else this process's memory (embedded mode)."""
    ttl = 2 * int(config.get("CLOUDFLARE_WEBHOOK_TOLERANCE", webhook.DEFAULT_TOLERANCE))
    key = "siete:webhook:seen:" + hashlib.sha256(signature_header.encode()).hexdigest()
    if config.get("REDIS_URL"):
        from siete.core.redis_clients import redis_client

        return bool(redis_client(config["REDIS_URL"], "state").set(key, 1, nx=True, ex=ttl))
    now = time.time()
    for stale in [k for k, until in _SEEN_IN_PROCESS.items() if until < now]:
        del _SEEN_IN_PROCESS[stale]
    return _SEEN_IN_PROCESS.setdefault(key, now + ttl) == now + ttl


def _parse(raw_body):
    try:
        payload = json.loads(raw_body)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise MalformedBody("The webhook body is not JSON") from exc
    try:
        return WebhookNotificationSchema().load(payload)
    except ma.ValidationError as exc:
        raise Invalid(exc.messages, message="Malformed Stream notification") from exc


def _start(evaluation):
    """Queue the chain once; start_pipeline claims the row, so a replayed delivery finds it claimed."""
    from siete.evaluations.tasks import start_pipeline  # the Celery chain lives with the evaluations feature

    evaluation_id = evaluation.id
    if evaluation.status != "pending" or evaluation.started_at is not None:
        return {"status": "duplicate", "evaluation_id": evaluation_id}
    db.session.commit()  # end the read transaction: the claim runs in its own
    if start_pipeline(evaluation_id):
        return {"status": "queued", "evaluation_id": evaluation_id}
    claimed = db.session.scalar(select(Evaluation.started_at).where(Evaluation.id == evaluation_id))
    if claimed is None:  # not queued and not claimed: the broker was down and the claim was released
        raise StreamUnavailable("Processing could not be queued; deliver this notification again later")
    return {"status": "duplicate", "evaluation_id": evaluation_id}


def _fail(evaluation, status):
    """A pending evaluation whose video Stream could not process fails with Cloudflare's reason."""
    from siete.evaluations import lifecycle

    code = status.get("errorReasonCode") or "unknown"
    reason = status.get("errorReasonText") or "no reason given"
    message = f"Cloudflare Stream could not process the video ({code}): {reason}"
    failed = lifecycle.fail(evaluation, STREAM_ERROR, message, statuses=("pending",))
    return {"status": "failed" if failed else "duplicate", "evaluation_id": evaluation.id}
