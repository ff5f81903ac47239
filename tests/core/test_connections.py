"""siete.core.connections on the app's real engine (no SAVEPOINT fixture): safe-method requests read in autocommit
and turn transactional at their first write; idle connections are pinged at checkout, busy ones are not."""
import psycopg
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from siete.core.connections import may_write
from siete.extensions import db

PROBE = "siete_probe_connections"


@pytest.fixture
def engine(app):
    with app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE IF NOT EXISTS {PROBE} (n integer)"))
            conn.execute(text(f"TRUNCATE {PROBE}"))
        yield engine
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {PROBE}"))


def _status(session):
    return session.connection().connection.dbapi_connection.info.transaction_status


def _rows(engine):
    with engine.connect() as conn:
        return sorted(n for (n,) in conn.execute(text(f"SELECT n FROM {PROBE}")))


def test_a_get_reads_without_opening_a_transaction(app, engine):
    with app.test_request_context("/api/v1/evaluations", method="GET"), Session(engine) as session:
        assert session.execute(select(1)).scalar() == 1
        assert session.execute(select(2)).scalar() == 2
        assert _status(session) == TransactionStatus.IDLE  # no BEGIN was sent


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_read_inside_a_transaction(app, engine, method):
    with app.test_request_context("/api/v1/evaluations", method=method), Session(engine) as session:
        session.execute(select(1))
        assert _status(session) == TransactionStatus.INTRANS


def test_outside_a_request_reads_are_transactional(app, engine):
    with app.app_context(), Session(engine) as session:
        session.execute(select(1))
        assert _status(session) == TransactionStatus.INTRANS


def test_a_get_that_writes_is_one_transaction_from_its_first_write(app, engine):
    with app.test_request_context("/x", method="GET"), Session(engine) as session:
        session.execute(select(1))
        session.execute(text(f"INSERT INTO {PROBE} VALUES (1)"))
        assert _status(session) == TransactionStatus.INTRANS
        session.execute(text(f"INSERT INTO {PROBE} VALUES (2)"))
        assert _rows(engine) == []  # not committed statement by statement
        session.commit()
    assert _rows(engine) == [1, 2]


def test_a_get_that_writes_and_fails_rolls_its_writes_back(app, engine):
    with app.test_request_context("/x", method="GET"), pytest.raises(RuntimeError), Session(engine) as session:
        session.execute(text(f"INSERT INTO {PROBE} VALUES (1)"))
        raise RuntimeError("the handler failed")  # teardown closes the session: rollback
    assert _rows(engine) == []


def test_a_locking_select_in_a_get_holds_its_lock_in_a_transaction(app, engine):
    with app.test_request_context("/x", method="GET"), Session(engine) as session:
        session.execute(select(text("n")).select_from(text(PROBE)).with_for_update())
        assert _status(session) == TransactionStatus.INTRANS


def test_a_connection_a_get_used_is_transactional_again_for_the_next_user(app, engine):
    with app.test_request_context("/x", method="GET"), engine.connect() as conn:
        dbapi_connection = conn.connection.dbapi_connection
        assert dbapi_connection.autocommit is True
    assert dbapi_connection.autocommit is False


def test_what_counts_as_a_write():
    class Context:
        compiled, is_text = object(), False
        isinsert = isupdate = isdelete = isddl = False

    plain = Context()
    assert not may_write("SELECT evaluations.id FROM evaluations WHERE evaluations.updated_at > %(a)s", plain)
    assert may_write("SELECT id FROM surveys FOR UPDATE", plain)
    assert may_write("SAVEPOINT sa_savepoint_1", plain)
    assert may_write("WITH moved AS (UPDATE evaluations SET status = 'x' RETURNING id) SELECT id FROM moved", plain)
    assert may_write("SELECT 1", None)
    text_context = Context()
    text_context.is_text = True
    assert may_write("SELECT 1", text_context)


def test_an_idle_connection_is_pinged_and_replaced_when_dead(app, engine, monkeypatch):
    failed = []
    real_ping = engine.dialect.do_ping

    def ping(dbapi_connection):
        try:
            return real_ping(dbapi_connection)
        except Exception:
            failed.append(1)
            raise

    monkeypatch.setattr(engine.dialect, "do_ping", ping)
    with app.app_context():
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with psycopg.connect(engine.url.render_as_string(hide_password=False).replace("+psycopg", ""),
                             autocommit=True) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for record_info in _idle_records(engine):
            record_info["siete_idle_since"] -= 3600  # every pooled connection has been idle for an hour
        for _ in range(engine.pool.checkedin() + 1):  # whichever pooled connection comes out, the dead one included
            with engine.connect() as conn:
                assert conn.execute(text("SELECT 1")).scalar() == 1
    assert failed == [1]  # the dead one failed its ping and was replaced before any statement used it


def test_a_busy_connection_is_not_pinged(app, engine, monkeypatch):
    pings = []
    monkeypatch.setattr(engine.dialect, "do_ping", lambda dbapi_connection: pings.append(1) or True)
    with app.app_context():
        for _ in range(5):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
    assert pings == []


def _idle_records(engine):
    return [record.info for record in list(engine.pool._pool.queue) if "siete_idle_since" in record.info]
