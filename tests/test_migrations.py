"""The Alembic chain builds the whole schema, matches the models, and tears down, on PostgreSQL and SQLite."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from siete import create_app
from siete.config import TestConfig
from siete.extensions import db

EXPECTED_TABLES = {
    "companies", "users", "zones", "user_zones", "campaigns", "campaign_users", "campaign_zones", "evaluations",
    "evaluation_analysis", "surveys", "survey_responses", "payments", "notifications", "prompts", "evaluation_rollups",
}


@pytest.fixture
def postgres_url():
    """A scratch PostgreSQL database, dropped afterwards."""
    base = make_url(TestConfig().SQLALCHEMY_DATABASE_URI)
    scratch = f"{base.database}_migration_check"  # per test database, so two runs never share it
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {scratch}"))
        conn.execute(text(f"CREATE DATABASE {scratch}"))
    yield base.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'embedded.sqlite'}"


def _app_for(url):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    return create_app(config)


@pytest.mark.parametrize("url_fixture", ["postgres_url", "sqlite_url"])
def test_upgrade_matches_models_and_downgrade_removes_everything(request, url_fixture):
    app = _app_for(request.getfixturevalue(url_fixture))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            assert EXPECTED_TABLES <= set(inspect(conn).get_table_names())
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
            assert diff == []
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
