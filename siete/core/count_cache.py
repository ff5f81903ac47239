"""List totals cached in Redis: at 100k rows a COUNT costs ~20 ms of PostgreSQL per list request (issue #8)."""
import hashlib
import logging
import re

import redis
from flask import current_app, has_app_context
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from siete.core import after_commit, tenancy
from siete.core.redis_clients import redis_client
from siete.extensions import db

log = logging.getLogger(__name__)

TTL_SECONDS = 60  # backstop for writes no session event sees
WRITTEN = "siete_count_cache_written"  # after_commit key: (table, company_id) written in the open transaction
_MAX_SHAPES = 2048
_shapes = {}  # statement cache key → (SQL text, tables it reads): compiled once per statement shape


def init_count_cache(app):
    """No Redis (the embedded mode): every list counts, as before."""
    url = app.config.get("REDIS_URL")
    client = redis_client(url, "cache") if url else None
    app.extensions["siete_count_cache"] = client


def _client():
    return current_app.extensions.get("siete_count_cache") if has_app_context() else None


ANY, UNKNOWN = "all", "unknown"  # generation slots: any write to the table; a write whose company is not known


def _generation_key(table, slot):
    return f"siete:countgen:{table}:{slot}"


def _read_slots(company_id):
    """What a count depends on: a tenant's own writes and writes of unknown company; a cross-tenant count, any."""
    return (ANY,) if company_id is None else (f"c{company_id}", UNKNOWN)


def _write_slots(company_id):
    return (ANY, UNKNOWN) if company_id is None else (ANY, f"c{company_id}")


def _counting(stmt):
    """The COUNT of `stmt`'s rows (its order dropped), with `stmt`'s execution options (e.g. include_deleted)."""
    return (select(func.count()).select_from(stmt.subquery())
            .execution_options(**stmt.get_execution_options()))


def _shape(session, stmt):
    """Redis key and tables read for counting `stmt` (an unordered select) as tenancy will run it; None when
    SQLAlchemy cannot key it.

    The COUNT's scoped SQL is compiled and hashed once per shape: `stmt`'s own cache key (memoized on it; the COUNT
    is a fixed function of it, so it is not built or walked per call), the scope without its ids (role and
    permissions decide which criteria apply) and whether deleted rows count. Per call only the bound values of
    `stmt` (the scope's ids included) are hashed."""
    cache_key = stmt._generate_cache_key()
    if cache_key is None:
        return None
    scope = tenancy.current_scope()
    include_deleted = bool(stmt.get_execution_options().get("include_deleted"))
    ids = (scope.company_id, scope.user_id)
    shape_key = (cache_key.key, include_deleted, tuple(v is None for v in ids), _scope_kind(scope))
    shape = _shapes.get(shape_key)
    if shape is None:
        sql = str(tenancy.scoped(_counting(stmt)).compile(dialect=session.get_bind().dialect))
        tables = frozenset(name for name in db.metadata.tables if re.search(rf"\b{re.escape(name)}\b", sql))
        if len(_shapes) >= _MAX_SHAPES:
            _shapes.clear()
        _shapes[shape_key] = shape = (hashlib.sha256(sql.encode()).hexdigest()[:32], tables)
    digest, tables = shape
    values = tuple(bind.effective_value for bind in cache_key.bindparams)
    return f"siete:count:{digest}:{hashlib.sha256(repr((values, ids)).encode()).hexdigest()[:32]}", tables


def _scope_kind(scope):
    """Everything of a scope that can change the criteria's SQL, that is all of it but the ids (bound values)."""
    return tuple((name, value) for name, value in vars(scope).items() if name not in ("company_id", "user_id"))


def count(session, stmt):
    """How many rows `stmt` selects (its ORDER BY ignored): a COUNT, from Redis while no commit has written a table it
    reads since it was stored.

    The key is the SQL tenancy will run (scope criteria included) and its bound values. A tenant's count depends on
    its own company's writes (and writes of unknown company), so one tenant's pipeline does not void the others'
    totals; a cross-tenant count depends on every write. Writes no session event sees (raw SQL, other programs)
    are bounded by the TTL.
    """
    stmt = stmt.order_by(None)  # a sort does not change the total, so sorted lists share it
    client = _client()
    shape = _shape(session, stmt) if client is not None else None
    if shape is None:
        return session.scalar(_counting(stmt))
    key, tables = shape
    if any(table in tables for table, _company in after_commit.pending(session, WRITTEN)):
        return session.scalar(_counting(stmt))  # this transaction wrote them and has not committed: only the database knows
    scope = tenancy.current_scope()
    generations = [_generation_key(table, slot) for table in sorted(tables) for slot in _read_slots(scope.company_id)]
    try:
        with client.pipeline(transaction=False) as pipe:
            stamps, cached = pipe.mget(generations).get(key).execute()
    except redis.RedisError as exc:
        log.warning("count cache unavailable, counting: %s", exc)
        return session.scalar(_counting(stmt))
    # Generations are read before counting, so a commit racing this count leaves a stamp that is already stale.
    stamp = ",".join(s.decode() if s else "0" for s in stamps)
    if cached is not None:
        cached_stamp, _, total = cached.decode().partition("|")
        if cached_stamp == stamp:
            return int(total)
    total = session.scalar(_counting(stmt))
    try:
        client.set(key, f"{stamp}|{total}", ex=TTL_SECONDS)
    except redis.RedisError as exc:
        log.warning("count cache unavailable, not storing: %s", exc)
    return total


def _company_of(obj):
    """The tenant a written row belongs to (a company row is its own tenant); None when not known."""
    if obj.__class__.__tablename__ == "companies":
        return obj.id
    return getattr(obj, "company_id", None)


@event.listens_for(Session, "after_flush")
def _note_flushed(session, _flush_context):
    """Inserted, changed and deleted objects (soft deletes are updates): their tables change at commit."""
    written = {(table.name, _company_of(obj))
               for obj in (*session.new, *session.dirty, *session.deleted) for table in inspect(obj).mapper.tables}
    after_commit.defer(session, WRITTEN, written)


@event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state):
    """ORM insert/update/delete statements (the pipeline moves `status` with `update(Evaluation)`); tenancy limits
    them to the scope's company, so that is the company they wrote (none known in system scope)."""
    if state.is_insert or state.is_update or state.is_delete:
        tables = {table.name for mapper in state.all_mappers for table in mapper.tables}
        target = getattr(state.statement, "table", None)
        if getattr(target, "name", None):
            tables.add(target.name)
        company_id = tenancy.current_scope().company_id
        after_commit.defer(state.session, WRITTEN, {(table, company_id) for table in tables})


def _bump_generations(written):
    """After the commit, so a count that read the new generation also sees the committed rows."""
    client = _client()
    if client is None:
        return
    try:
        with client.pipeline(transaction=False) as pipe:
            for key in {_generation_key(table, slot) for table, company_id in written
                        for slot in _write_slots(company_id)}:
                pipe.incr(key)
            pipe.execute()
    except redis.RedisError as exc:  # committed anyway; cached totals of these tables may lag up to the TTL
        log.warning("count cache generations not bumped for %s: %s", sorted({t for t, _c in written}), exc)


after_commit.on_commit(WRITTEN, _bump_generations)
