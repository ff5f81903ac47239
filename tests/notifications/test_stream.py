"""The live notification stream: tokens, replay, heartbeat, lifetime, publish-after-commit, isolation."""
import json
import logging
import time
from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token, decode_token

from siete.auth.tokens import issue_tokens, revoke
from siete.core import tenancy
from siete.notifications import service, stream
from tests.factories import NotificationFactory, UserFactory, auth_headers

URL = "/api/v1/notifications/stream"


@pytest.fixture
def fast(app, monkeypatch):
    """Short heartbeats and lifetimes, so an idle stream answers quickly and a broken one cannot hang."""
    for key, value in {"NOTIFICATIONS_STREAM_HEARTBEAT": 0.1, "NOTIFICATIONS_STREAM_MAX_AGE": 10}.items():
        monkeypatch.setitem(app.config, key, value)
    return app.config


class Events:
    """Reads an SSE body chunk by chunk (as a browser does) and parses it into events."""

    def __init__(self, response):
        self.response, self._chunks, self._buffer = response, iter(response.response), ""

    def next(self):
        """The next block as a dict (`comment` for comment lines), or None once the stream ended."""
        while "\n\n" not in self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return None
            self._buffer += chunk.decode()
        block, self._buffer = self._buffer.split("\n\n", 1)
        fields = {}
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            fields[name or "comment"] = value.strip()
        return fields

    def until(self, predicate, limit=200):
        """Blocks up to (and including) the first one matching; fails if the stream ends first."""
        seen = []
        for _ in range(limit):
            block = self.next()
            assert block is not None, f"the stream ended before the expected event; saw {seen}"
            seen.append(block)
            if predicate(block):
                return seen
        raise AssertionError(f"no expected event among {seen}")

    def notifications(self, until_id):
        """Ids of the notification events up to `until_id`, heartbeats skipped."""
        blocks = self.until(lambda b: b.get("event") == "notification" and int(b["id"]) == until_id)
        return [int(b["id"]) for b in blocks if b.get("event") == "notification"]

    def close(self):
        self.response.close()


def open_stream(client, user=None, *, headers=None, query=""):
    headers = headers if headers is not None else auth_headers(user)
    response = client.get(URL + query, headers=headers, buffered=False)
    assert response.status_code == 200, response.get_data(as_text=True)
    return Events(response)


def notify_committed(db_session, user, title="Nueva"):
    with tenancy.tenant_scope(user.company_id):
        service.notify([user.id], event="evaluation.completed", title=title, company_id=user.company_id)
        db_session.commit()


def subscribers(app, user):
    bus = stream.bus(app)
    return dict(bus.publisher.pubsub_numsub(bus.channel(user.id)))[bus.channel(user.id).encode()]


def released(app, user, attempts=100):
    """Subscribers once Redis has seen the closed socket: it drops a subscription when it reads the FIN, not at
    our close(), so a check right after it races the server (seen failing in CI)."""
    for _ in range(attempts):
        if (count := subscribers(app, user)) == 0:
            return 0
        time.sleep(0.02)
    return count


def test_no_token_a_bad_token_or_a_refresh_token_is_refused(client):
    user = UserFactory()
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    assert client.get(f"{URL}?access_token=not-a-jwt").status_code == 401
    refresh = issue_tokens(user)["refresh_token"]
    assert client.get(f"{URL}?access_token={refresh}").status_code == 401


def test_revoked_or_expired_tokens_and_deleted_users_are_refused(client, db_session):
    user = UserFactory()
    revoked = issue_tokens(user)["access_token"]
    revoke(decode_token(revoked))
    expired = create_access_token(identity=str(user.id), expires_delta=timedelta(seconds=-5))
    assert client.get(f"{URL}?access_token={revoked}").get_json()["message"] == "Token has been revoked"
    assert client.get(f"{URL}?access_token={expired}").get_json()["message"] == "Token has expired"
    live = issue_tokens(user)["access_token"]
    user.soft_delete()
    db_session.commit()
    assert client.get(f"{URL}?access_token={live}").status_code == 401


def test_query_token_opens_the_stream_with_retry_advice_and_a_ready_event(client, fast):
    user = UserFactory()
    newest = NotificationFactory(user=user, company=user.company)
    NotificationFactory()  # someone else's, created later: a higher id that is not my cursor
    events = open_stream(client, headers={}, query=f"?access_token={issue_tokens(user)['access_token']}")
    assert events.response.mimetype == "text/event-stream"
    assert events.response.headers["Cache-Control"] == "no-cache"
    assert events.response.headers["X-Accel-Buffering"] == "no"
    ready = events.next()
    assert (ready["retry"], ready["event"], ready["id"]) == ("3000", "ready", str(newest.id))
    assert json.loads(ready["data"]) == {"cursor": newest.id, "replayed": 0, "truncated": False,
                                         "heartbeat": 0.1}
    events.close()


def test_query_token_is_accepted_by_the_stream_only(client):
    token = issue_tokens(UserFactory())["access_token"]
    assert client.get(f"/api/v1/notifications?access_token={token}").status_code == 401


def test_reconnection_replays_only_my_newer_notifications_in_order(client, fast):
    me = UserFactory()
    seen = NotificationFactory(user=me, company=me.company)
    NotificationFactory(user=UserFactory(company=me.company), company=me.company)  # a colleague's
    missed = [NotificationFactory(user=me, company=me.company) for _ in range(2)]
    events = open_stream(client, headers={**auth_headers(me), "Last-Event-ID": str(seen.id)})
    ready = events.next()
    assert (ready["id"], json.loads(ready["data"])["replayed"]) == (str(seen.id), 2)
    assert events.notifications(until_id=missed[-1].id) == [n.id for n in missed]
    assert events.next() == {"comment": "heartbeat"}
    events.close()


def test_query_cursor_works_and_the_browser_header_wins(client, fast):
    me = UserFactory()
    first, second = (NotificationFactory(user=me, company=me.company) for _ in range(2))
    by_query = open_stream(client, me, query=f"?last_event_id={first.id}")
    by_query.next()
    assert by_query.notifications(until_id=second.id) == [second.id]
    by_query.close()
    both = open_stream(client, headers={**auth_headers(me), "Last-Event-ID": str(second.id)},
                       query="?last_event_id=0")
    assert json.loads(both.next()["data"])["replayed"] == 0
    both.close()
    assert client.get(f"{URL}?last_event_id=-1", headers=auth_headers(me)).status_code == 422


def test_replay_is_bounded_to_the_newest_and_says_so(client, fast, monkeypatch, app):
    monkeypatch.setitem(app.config, "NOTIFICATIONS_STREAM_REPLAY_LIMIT", 2)
    me = UserFactory()
    notes = [NotificationFactory(user=me, company=me.company) for _ in range(4)]
    events = open_stream(client, me, query=f"?last_event_id={notes[0].id}")
    assert json.loads(events.next()["data"])["truncated"] is True
    assert events.notifications(until_id=notes[-1].id) == [notes[2].id, notes[3].id]
    events.close()


def test_a_committed_notification_arrives_live_and_another_users_never_does(client, fast, db_session):
    me = UserFactory()
    colleague = UserFactory(company=me.company)
    events = open_stream(client, me)
    events.next()
    notify_committed(db_session, colleague, "not mine")
    notify_committed(db_session, me, "mine")
    blocks = events.until(lambda b: b.get("event") == "notification")
    note = json.loads(blocks[-1]["data"])
    assert (note["title"], note["read"], note["id"]) == ("mine", False, int(blocks[-1]["id"]))
    assert set(note) >= {"id", "event", "title", "message", "data", "evaluation_id", "created_at"}
    assert all(b.get("event") != "notification" for b in blocks[:-1])
    events.close()


def test_heartbeat_comments_keep_an_idle_stream_alive(client, fast):
    events = open_stream(client, UserFactory())
    events.next()
    assert [events.next() for _ in range(3)] == [{"comment": "heartbeat"}] * 3
    events.close()


def test_rolled_back_notifications_are_never_published(app, db_session):
    user = UserFactory()
    pubsub = stream.bus(app).subscribe(user.id)
    kwargs = {"event": "evaluation.completed", "company_id": user.company_id}
    with tenancy.tenant_scope(user.company_id):
        service.notify([user.id], title="rolled back", **kwargs)
        db_session.rollback()
        savepoint = db_session.begin_nested()
        service.notify([user.id], title="released, then the root rolled back", **kwargs)
        savepoint.commit()
        db_session.rollback()
        savepoint = db_session.begin_nested()
        service.notify([user.id], title="savepoint rolled back", **kwargs)
        savepoint.rollback()
        service.notify([user.id], title="committed", **kwargs)
        db_session.commit()
    titles = []  # anything published by mistake would come before the committed one
    while "committed" not in titles and (message := pubsub.get_message(True, timeout=5)) is not None:
        titles.append(json.loads(message["data"])["title"])
    pubsub.close()
    assert titles == ["committed"]


def test_a_live_copy_of_a_replayed_notification_is_not_sent_twice(app):
    bus = stream.bus(app)
    body = stream.EventStream(bus.subscribe(1), "", skip_ids=[41], heartbeat=5, lifetime=5, still_valid=bool)
    chunks = iter(body)
    next(chunks)
    bus.publish([(1, json.dumps({"id": 41})), (1, json.dumps({"id": 42}))])
    assert next(chunks) == 'event: notification\nid: 42\ndata: {"id": 42}\n\n'
    body.close()


def test_a_publishing_failure_never_breaks_the_transaction(app, db_session, monkeypatch, caplog):
    monkeypatch.setitem(app.extensions, "siete_notification_bus", stream.Bus("redis://127.0.0.1:1/15"))
    # Alembic's fileConfig (the app fixture migrates in-process) disables loggers that already existed.
    monkeypatch.setattr(logging.getLogger("siete.notifications.stream"), "disabled", False)
    user = UserFactory()
    with caplog.at_level(logging.WARNING, logger="siete.notifications.stream"):
        notify_committed(db_session, user)
    assert "1 committed notification(s) not published" in caplog.text
    with tenancy.tenant_scope(user.company_id):
        kwargs = {"event": "evaluation.completed", "title": "Nueva", "company_id": user.company_id}
        assert service.notify([user.id], **kwargs) == 1


def test_closing_the_stream_ends_its_subscription(app, client, fast):
    user = UserFactory()
    events = open_stream(client, user)
    events.next()
    assert subscribers(app, user) == 1
    events.close()
    assert released(app, user) == 0
    head = client.head(URL, headers=auth_headers(user))
    head.close()
    assert (head.status_code, released(app, user)) == (200, 0)


def test_the_stream_ends_at_its_lifetime_or_when_the_token_is_revoked(app, client, fast, monkeypatch):
    user = UserFactory()
    monkeypatch.setitem(app.config, "NOTIFICATIONS_STREAM_MAX_AGE", 0.3)
    aged = open_stream(client, user)
    aged.until(lambda b: b.get("event") == "ready")
    while aged.next() is not None:
        pass
    monkeypatch.setitem(app.config, "NOTIFICATIONS_STREAM_MAX_AGE", 10)
    token = issue_tokens(user)["access_token"]
    revoked = open_stream(client, headers={"Authorization": f"Bearer {token}"})
    revoked.next()
    revoke(decode_token(token))
    blocks = []
    while (block := revoked.next()) is not None:
        blocks.append(block)
    assert len(blocks) < 5, blocks
    assert released(app, user) == 0


def test_the_stream_ends_when_its_token_expires(client, fast, monkeypatch):
    user = UserFactory()
    token = create_access_token(identity=str(user.id), expires_delta=timedelta(seconds=1))
    events = open_stream(client, headers={"Authorization": f"Bearer {token}"})
    started = time.monotonic()
    while events.next() is not None:
        pass
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"the stream outlived its 1 s token by {elapsed:.1f} s (lifetime 10 s)"


def test_without_redis_the_stream_answers_503(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    response = client.get(URL, headers=auth_headers(UserFactory()))
    assert response.status_code == 503
    assert "REDIS_URL" in response.get_json()["message"]


def test_redis_down_answers_503_with_retry_after(app, client, monkeypatch):
    monkeypatch.setitem(app.extensions, "siete_notification_bus", stream.Bus("redis://127.0.0.1:1/15"))
    response = client.get(URL, headers=auth_headers(UserFactory()))
    assert (response.status_code, response.headers["Retry-After"]) == (503, "5")


def test_the_stream_is_documented_as_server_sent_events(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][URL]["get"]
    assert operation["summary"] == "Stream my new notifications live (Server-Sent Events)"
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    assert {p["name"] for p in operation["parameters"]} == {"access_token", "last_event_id", "Last-Event-ID"}
    assert {"401", "503"} <= set(operation["responses"]) and operation["security"] == [{"bearerAuth": []}]


def test_redis_channels_are_per_database(app):
    url = app.config["REDIS_URL"]
    base, db_number = url.rsplit("/", 1)
    other = f"{base}/{(int(db_number) + 1) % 16}"  # any other database than the one the suite runs on
    assert stream.Bus(url).channel(7) != stream.Bus(other).channel(7)
