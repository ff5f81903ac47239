"""CLI commands are non-interactive and idempotent."""
from sqlalchemy import func, select

from siete.all_models import Campaign, Company, User, Zone
from siete.demo import DEMO_PASSWORD


def _counts(session):
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in (Company, User, Zone, Campaign)}


def test_create_superadmin_from_options_and_env(app, db_session, system_scope, monkeypatch):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-superadmin", "--email", "Root@Siete.test", "--password", "Cielo-Verde-2026"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("SUPERADMIN_EMAIL", "root@siete.test")
    monkeypatch.setenv("SUPERADMIN_PASSWORD", "rotated-pass-456")
    assert runner.invoke(args=["create-superadmin"]).exit_code == 0
    users = db_session.scalars(select(User).where(User.email == "root@siete.test")).all()
    assert len(users) == 1 and users[0].role == 0 and users[0].company_id is None


def test_create_superadmin_rejects_a_short_password(app, db_session):
    result = app.test_cli_runner().invoke(args=["create-superadmin", "--email", "a@b.test", "--password", "short"])
    assert result.exit_code != 0


def test_seed_demo_is_idempotent_and_prints_logins(app, db_session, system_scope, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@siete.demo" in first.output and DEMO_PASSWORD in first.output
    counts = _counts(db_session)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert _counts(db_session) == counts
    assert set(db_session.scalars(select(User.role)).all()) == {0, 1, 2, 3}
    login = client.post("/api/v1/auth/login", json={"email": "shopper@siete.demo", "password": DEMO_PASSWORD})
    assert login.status_code == 200
