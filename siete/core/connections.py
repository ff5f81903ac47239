"""How API requests use their PostgreSQL connection: fewer round trips, same guarantees (issue #18).

- **Ping after idle, not on every checkout.** `pool_pre_ping` costs a round trip per request. A connection that
  has sat in the pool for `DB_PING_AFTER_IDLE` seconds (default 10) is pinged at checkout and replaced when the
  ping fails, so a PostgreSQL restart during a quiet period costs no request. Under traffic connections are reused
  within milliseconds and go unpinged; after a restart under traffic the first statement on a stale connection
  fails, SQLAlchemy recognises the disconnect and invalidates the whole pool, so that request fails (as the
  requests in flight at the restart do anyway) and the next ones reconnect.
- **Safe-method requests read without a transaction.** A GET/HEAD/OPTIONS request's connection is checked out in
  psycopg's autocommit mode: its reads need no BEGIN and no ROLLBACK (two of the five round trips of a list
  request). At PostgreSQL's READ COMMITTED every statement takes its own snapshot either way, so the reads see
  what they saw before. The first statement that may write (anything but a compiled plain SELECT: INSERT, UPDATE,
  DELETE, DDL, SAVEPOINT, `SELECT ... FOR UPDATE/SHARE`, any textual SQL) switches the connection back to
  transactions before it runs, so from that statement on the request is one transaction as before: it commits
  when the handler commits and rolls back at teardown otherwise. A GET that writes (report link minting,
  notification read marks, audit rows) stays transactional for its writes; nothing relies on it being declared.
- PostgreSQL (psycopg) only; the embedded SQLite default keeps SQLAlchemy's behaviour.
"""
import time

from flask import has_request_context, request
from sqlalchemy import event, exc

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_IDLE_SINCE = "siete_idle_since"
_LOCKING = ("FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR KEY SHARE")
_WRITING = ("INSERT ", "UPDATE ", "DELETE ", "MERGE ")


def init_connections(app, engine):
    """Install both behaviours on `engine` (the app's PostgreSQL engine)."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return
    ping_after = float(app.config.get("DB_PING_AFTER_IDLE", 10))
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection, record):
        if dbapi_connection is None:  # invalidated
            return
        record.info[_IDLE_SINCE] = time.monotonic()
        if dbapi_connection.autocommit:  # back to SQLAlchemy's default for the next user (after its reset)
            try:
                dbapi_connection.autocommit = False
            except Exception:  # noqa: BLE001 - a connection in a bad state: SQLAlchemy will not reuse it
                record.invalidate()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        since = record.info.get(_IDLE_SINCE)
        if ping_after >= 0 and since is not None and time.monotonic() - since >= ping_after:
            try:
                dialect.do_ping(dbapi_connection)
            except Exception as error:  # any failure: the pool replaces the connection
                raise exc.DisconnectionError(f"idle connection failed its ping: {error}") from error
        if has_request_context() and request.method in SAFE_METHODS:
            dbapi_connection.autocommit = True

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_before_a_write(_conn, cursor, statement, _parameters, context, _executemany):
        dbapi_connection = cursor.connection
        if dbapi_connection.autocommit and may_write(statement, context):
            dbapi_connection.autocommit = False  # idle between statements, so allowed: psycopg BEGINs now


def may_write(statement, context):
    """False only for a compiled plain SELECT; everything else runs inside a transaction."""
    if context is None or context.compiled is None or getattr(context, "is_text", False):
        return True
    if context.isinsert or context.isupdate or context.isdelete or context.isddl:
        return True
    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
        return True
    return any(word in statement for word in _LOCKING) or any(word in statement for word in _WRITING)
