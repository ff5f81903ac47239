"""Real-time delivery: per-user Redis channels, publish-after-commit session hooks, the SSE body."""
import json
import logging
import time

import redis
from flask import current_app

from siete.core import after_commit
from siete.core.redis_clients import redis_client

log = logging.getLogger(__name__)
PENDING = "siete_notifications_pending"  # Session.info key of the (user_id, payload) messages held until commit


class Bus:
    """The Redis clients of one app: a publisher with short timeouts, and per-stream subscriptions."""

    def __init__(self, url):
        self.publisher = redis_client(url, "publish")
        self.subscriber = redis_client(url, "subscribe")
        db = self.publisher.connection_pool.connection_kwargs.get("db", 0)
        self.prefix = f"siete:{db}:notifications:user:"  # pub/sub ignores db numbers: keep them apart by name

    def channel(self, user_id):
        return f"{self.prefix}{user_id}"

    def publish(self, messages):
        pipe = self.publisher.pipeline(transaction=False)
        for user_id, payload in messages:
            pipe.publish(self.channel(user_id), payload)
        pipe.execute()

    def subscribe(self, user_id):
        """A subscription the server has confirmed: anything published from now on reaches it."""
        pubsub = self.subscriber.pubsub()
        try:
            pubsub.subscribe(self.channel(user_id))
            confirmed = pubsub.get_message(timeout=2)
            if not confirmed or confirmed["type"] != "subscribe":
                raise redis.ConnectionError("the subscription was not confirmed")
        except BaseException:
            pubsub.close()
            raise
        return pubsub


def bus(app=None):
    """The app's bus, or None in the embedded mode (no REDIS_URL): then nothing is published."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    found = app.extensions.get("siete_notification_bus")
    if found is None:
        found = app.extensions.setdefault("siete_notification_bus", Bus(url))
    return found


def publish_after_commit(session, messages):
    """Hold (user_id, payload) messages until the transaction that wrote them commits; rollbacks drop them."""
    after_commit.defer(session, PENDING, messages)


def _publish_committed(messages):
    target = bus()
    if target is None:
        return
    try:
        target.publish(messages)
    except redis.RedisError as exc:  # the rows are committed; clients get them by replay when they reconnect
        log.warning("%d committed notification(s) not published: %s", len(messages), exc)


after_commit.on_commit(PENDING, _publish_committed)


def head(cursor, backlog, *, truncated, retry_ms, heartbeat):
    """Retry advice and the `ready` event (whose id is the resume cursor), then the replayed notifications."""
    ready = json.dumps({"cursor": cursor, "replayed": len(backlog), "truncated": truncated,
                        "heartbeat": heartbeat})
    return frame(ready, event="ready", id=cursor, retry=retry_ms) + "".join(
        frame(payload, event="notification", id=note_id) for note_id, payload in backlog)


def frame(data=None, *, event=None, id=None, retry=None, comment=None):
    """One SSE block; `data` is a single-line string (compact JSON)."""
    lines = [f": {comment}"] if comment else []
    lines += [f"retry: {retry}"] if retry is not None else []
    lines += [f"event: {event}"] if event else []
    lines += [f"id: {id}"] if id is not None else []
    lines += [f"data: {data}"] if data is not None else []
    return "\n".join(lines) + "\n\n"


class EventStream:
    """The response body: a head (retry, ready, replay), then live events and heartbeats until the deadline.

    Closing it (client gone, server shutdown, or a HEAD request that never iterates) ends the subscription.
    """

    def __init__(self, pubsub, head, *, skip_ids, heartbeat, lifetime, still_valid):
        self._pubsub, self._head, self._skip = pubsub, head, frozenset(skip_ids)
        self._heartbeat, self._still_valid = heartbeat, still_valid
        self._deadline = time.monotonic() + lifetime
        self._events = None

    def __iter__(self):
        self._events = self._run()
        return self._events

    def close(self):
        if self._events is not None:
            self._events.close()
        self._pubsub.close()

    def _run(self):
        try:
            yield self._head
            beat = time.monotonic() + self._heartbeat
            while (now := time.monotonic()) < self._deadline:
                message = self._pubsub.get_message(ignore_subscribe_messages=True,
                                                   timeout=min(beat, self._deadline) - now)
                if message is not None and message["type"] == "message":
                    chunk = self._live(message["data"].decode())
                    if chunk:
                        yield chunk
                elif time.monotonic() >= beat:
                    if not self._still_valid():
                        return
                    yield frame(comment="heartbeat")
                    beat = time.monotonic() + self._heartbeat
        except redis.RedisError as exc:
            log.info("notification stream ended early: %s", exc)  # the client reconnects and replays
        finally:
            self._pubsub.close()

    def _live(self, payload):
        note_id = json.loads(payload)["id"]
        if note_id in self._skip:  # committed while the replay was read: already sent
            return None
        return frame(payload, event="notification", id=note_id)
