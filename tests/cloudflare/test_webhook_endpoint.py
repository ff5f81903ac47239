"""POST /cloudflare/webhook: signed by Cloudflare, idempotent, starts the pipeline once or fails the evaluation."""
import json
import time

import pytest
import redis
from sqlalchemy import select

from siete.core import tenancy
from siete.evaluations.messages import message_for
from siete.evaluations.models import Evaluation
from siete.notifications.models import Notification
from tests.cloudflare.conftest import SECRET
from tests.factories import CompanyFactory, EvaluationFactory
from tests.fakes.cloudflare_server import notification, signature_header

URL = "/api/v1/cloudflare/webhook"
UID = "6b9e68b07dfee8cc2d116e4c51d6a957"


@pytest.fixture
def evaluation(db_session, stream_settings):
    return EvaluationFactory(stream_uid=UID, media_key=None)


_SIGNED_AT = set()  # each delivery signed at its own second, as Cloudflare's are (a repeat is a replay)


def _unused_second():
    """The latest second not used by an earlier delivery (a slow machine must not sign two at the same one)."""
    at = int(time.time())
    while at in _SIGNED_AT:
        at -= 1
    _SIGNED_AT.add(at)
    return at


def deliver(client, body, *, secret=SECRET, at=None, header=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    at = _unused_second() if at is None else at
    signature = signature_header(raw, secret, at) if header is None else header
    return client.post(URL, data=raw, headers={"Webhook-Signature": signature, "Content-Type": "application/json"})


def fresh(db_session, evaluation_id):
    with tenancy.system_scope():
        return db_session.scalars(select(Evaluation).where(Evaluation.id == evaluation_id)
                                  .execution_options(populate_existing=True)).one()


def test_a_ready_video_starts_the_pipeline(client, evaluation, started, db_session):
    response = deliver(client, notification(UID))
    assert response.status_code == 200
    assert response.get_json() == {"status": "queued", "evaluation_id": evaluation.id}
    assert started == [evaluation.id]
    assert fresh(db_session, evaluation.id).started_at is not None


def test_a_replayed_delivery_is_refused_and_a_new_delivery_starts_nothing_twice(client, evaluation, started):
    body = json.dumps(notification(UID)).encode()
    header = signature_header(body, SECRET)
    first = client.post(URL, data=body, headers={"Webhook-Signature": header})
    replay = client.post(URL, data=body, headers={"Webhook-Signature": header})
    later = deliver(client, notification(UID), at=int(time.time()) + 1)  # Cloudflare's retry, signed anew
    assert first.get_json()["status"] == "queued"
    assert replay.status_code == 401 and "replay" in replay.get_json()["message"]
    assert later.status_code == 200 and later.get_json()["status"] == "duplicate"
    assert started == [evaluation.id]


def test_a_video_already_being_analyzed_is_not_started_again(client, db_session, stream_settings, started):
    running = EvaluationFactory(stream_uid=UID, media_key=None, status="analyzing")
    assert deliver(client, notification(UID)).get_json() == {"status": "duplicate", "evaluation_id": running.id}
    assert started == []


def test_a_stream_error_fails_the_evaluation_with_cloudflare_reason(client, evaluation, started, db_session):
    body = notification(UID, state="error", error_code="ERR_NON_VIDEO",
                        error_text="The upload is not recognized as a valid video file.")
    response = deliver(client, body)
    assert response.status_code == 200 and response.get_json()["status"] == "failed"
    failed = fresh(db_session, evaluation.id)
    assert (failed.status, failed.error_code) == ("failed", "stream_error")
    assert failed.error_message == message_for("stream_error", "es")  # Cloudflare's reason goes to the log
    assert failed.failed_at is not None and started == []
    assert deliver(client, body).get_json()["status"] == "duplicate"
    assert deliver(client, notification(UID)).get_json()["status"] == "duplicate"
    assert started == []


def test_a_stream_error_tells_the_shopper_in_spanish(client, evaluation, db_session):
    deliver(client, notification(UID, state="error"))
    with tenancy.system_scope():
        notices = db_session.scalars(select(Notification).where(Notification.evaluation_id == evaluation.id)).all()
    assert [(n.event, n.user_id, n.message) for n in notices] == [
        ("evaluation.failed", evaluation.user_id, message_for("stream_error", "es"))]


@pytest.mark.parametrize("state,ready", [("inprogress", False), ("queued", False), ("ready", False)])
def test_states_that_are_not_final_are_ignored(client, evaluation, started, db_session, state, ready):
    response = deliver(client, notification(UID, state=state, ready=ready))
    assert response.get_json() == {"status": "ignored", "evaluation_id": evaluation.id}
    assert started == [] and fresh(db_session, evaluation.id).status == "pending"


def test_an_unknown_video_is_acknowledged_and_ignored(client, evaluation, started):
    response = deliver(client, notification("f" * 32))
    assert response.status_code == 200
    assert response.get_json() == {"status": "ignored", "evaluation_id": None}
    assert started == []


def test_a_deleted_evaluation_is_an_unknown_video(client, evaluation, started, db_session):
    evaluation.soft_delete()
    db_session.commit()
    assert deliver(client, notification(UID)).get_json()["status"] == "ignored"
    assert started == []


def test_a_suspended_company_still_gets_its_video_processed(client, db_session, stream_settings, started):
    company = CompanyFactory(subscription_status="suspended")
    evaluation = EvaluationFactory(company=company, stream_uid=UID, media_key=None)
    assert deliver(client, notification(UID)).get_json()["status"] == "queued"
    assert started == [evaluation.id]


@pytest.mark.parametrize("kwargs", [
    {"secret": "not-the-secret"},
    {"at": -301},
    {"at": +600},
    {"header": ""},
    {"header": "time=1,sig1=nothex"},
], ids=["wrong secret", "stale", "from the future", "empty header", "malformed header"])
def test_unauthenticated_deliveries_are_401_and_change_nothing(client, evaluation, started, db_session, kwargs):
    if "at" in kwargs:  # seconds from now, taken when the test runs (not at collection, minutes earlier)
        kwargs = {"at": int(time.time()) + kwargs["at"]}
    response = deliver(client, notification(UID), **kwargs)
    assert response.status_code == 401 and response.get_json()["code"] == 401
    assert started == [] and fresh(db_session, evaluation.id).started_at is None


def test_a_missing_signature_header_is_401(client, evaluation, started):
    response = client.post(URL, json=notification(UID))
    assert response.status_code == 401 and started == []


def test_a_body_changed_after_signing_is_401(client, evaluation, started):
    signed = json.dumps(notification(UID, state="error")).encode()
    tampered = json.dumps(notification(UID)).encode()
    response = client.post(URL, data=tampered, headers={"Webhook-Signature": signature_header(signed, SECRET)})
    assert response.status_code == 401 and started == []


def test_without_a_configured_secret_every_delivery_is_401(client, evaluation, started, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOUDFLARE_WEBHOOK_SECRET", None)
    assert deliver(client, notification(UID)).status_code == 401
    assert started == []


def test_a_signed_body_that_is_not_json_is_400(client, evaluation, started):
    response = deliver(client, b"uid=6b9e68b07dfee8cc2d116e4c51d6a957")
    assert response.status_code == 400 and started == []


@pytest.mark.parametrize("body,field", [
    ({"readyToStream": True, "status": {"state": "ready"}}, "uid"),
    ({"uid": UID, "readyToStream": True}, "status"),
    ({"uid": UID, "readyToStream": "yes please", "status": {"state": "ready"}}, "readyToStream"),
    ({"uid": 42, "status": {"state": "ready"}}, "uid"),
    ([UID], "_schema"),
])
def test_a_signed_body_of_the_wrong_shape_is_422(client, evaluation, started, body, field):
    response = deliver(client, body)
    assert response.status_code == 422 and field in response.get_json()["errors"]["json"]
    assert started == []


def test_a_broker_outage_answers_503_so_cloudflare_delivers_again(client, evaluation, db_session, monkeypatch,
                                                                   started):
    from siete.evaluations import tasks

    recorder = tasks.start_pipeline
    monkeypatch.setattr(tasks, "start_pipeline", lambda evaluation_id, force=False: False)  # claim released
    assert deliver(client, notification(UID)).status_code == 503
    assert fresh(db_session, evaluation.id).started_at is None
    monkeypatch.setattr(tasks, "start_pipeline", recorder)
    assert deliver(client, notification(UID)).get_json()["status"] == "queued"
    assert started == [evaluation.id]


def _queued_fetches(app, evaluation_id):
    """fetch_media messages for this evaluation waiting on the real Redis broker."""
    broker = redis.Redis.from_url(app.config["CELERY"]["broker_url"])
    messages = [json.loads(raw) for queue in ("media", "default") for raw in broker.lrange(queue, 0, -1)]
    return [m for m in messages if m["headers"]["task"] == "siete.pipeline.fetch_media"
            and m["headers"]["argsrepr"] == f"({evaluation_id},)"]


def test_the_real_start_pipeline_enqueues_one_chain_for_two_deliveries(client, evaluation, app, db_session):
    body = notification(UID)
    assert deliver(client, body).get_json()["status"] == "queued"
    assert deliver(client, body).get_json()["status"] == "duplicate"
    assert len(_queued_fetches(app, evaluation.id)) == 1
    assert fresh(db_session, evaluation.id).started_at is not None
