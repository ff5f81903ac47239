"""Flask CLI commands: create-superadmin, seed-demo."""
from datetime import date, timedelta

import click
from sqlalchemy import select

from siete.core.passwords import hash_password
from siete.core import tenancy
from siete.core.roles import Role
from siete.extensions import db

DEMO_PASSWORD = "demo-pass-2026"
DEMO_COMPANY = "Demo Telecom"
DEMO_USERS = (
    ("superadmin@siete.demo", "Sara", "Superadmin", Role.SUPERADMIN),
    ("admin@siete.demo", "Ana", "Admin", Role.ADMIN),
    ("manager@siete.demo", "Mario", "Manager", Role.MANAGER),
    ("shopper@siete.demo", "Sofia", "Shopper", Role.SHOPPER),
)


def _get_or_create(model, lookup, **values):
    row = db.session.scalars(select(model).filter_by(**lookup)).first()
    if row is None:
        row = model(**lookup, **values)
        db.session.add(row)
        db.session.flush()
    return row


def upsert_superadmin(email, password, first_name="Super", last_name="Admin"):
    """Create the superadmin, or reset its password if it exists: safe to run on every deploy."""
    from siete.users.models import User

    email = email.strip().lower()
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name, role=int(Role.SUPERADMIN))
        db.session.add(user)
    elif user.role != Role.SUPERADMIN:
        raise click.ClickException(f"{email} already exists with another role")
    user.hashed_password = hash_password(password)
    return user


def seed_demo_data():
    """A demo company with one user of every role, two zones and a running campaign (idempotent)."""
    from siete.campaigns.models import Campaign, CampaignUser, CampaignZone
    from siete.companies.models import Company
    from siete.users.models import User
    from siete.zones.models import UserZone, Zone

    company = _get_or_create(Company, {"name": DEMO_COMPANY}, country="DO", invite_code="demo-invite")
    users = {}
    for email, first, last, role in DEMO_USERS:
        if role == Role.SUPERADMIN:
            users[role] = upsert_superadmin(email, DEMO_PASSWORD, first, last)
            continue
        users[role] = _get_or_create(
            User, {"email": email}, first_name=first, last_name=last, role=int(role),
            company_id=company.id, hashed_password=hash_password(DEMO_PASSWORD),
        )
    zones = [
        _get_or_create(Zone, {"company_id": company.id, "name": name}, country="DO", state=state, city=city)
        for name, state, city in (("Santo Domingo Centro", "Distrito Nacional", "Santo Domingo"),
                                  ("Santiago Norte", "Santiago", "Santiago de los Caballeros"))
    ]
    today = date.today()
    campaign = _get_or_create(
        Campaign, {"company_id": company.id, "name": "Experiencia en tienda Q4"},
        description="Visitas de cliente incógnito a sucursales", goal=50,
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=60),
    )
    for zone in zones:
        _get_or_create(CampaignZone, {"campaign_id": campaign.id, "zone_id": zone.id}, company_id=company.id)
        _get_or_create(UserZone, {"user_id": users[Role.SHOPPER].id, "zone_id": zone.id}, company_id=company.id)
    for role in (Role.MANAGER, Role.SHOPPER):
        _get_or_create(CampaignUser, {"campaign_id": campaign.id, "user_id": users[role].id}, company_id=company.id)
    return company


def register_cli(app):
    rollups_group = click.Group("rollups", help="Dashboard rollups.")
    app.cli.add_command(rollups_group)
    from siete.analysis.cli import analysis_cli; app.cli.add_command(analysis_cli)  # noqa: E702 (issue #14)

    @rollups_group.command("rebuild")
    def rebuild_rollups():
        """Recompute every daily rollup from the raw tables."""
        from siete.dashboard import rollups

        with tenancy.system_scope():
            result = rollups.rebuild()
        click.echo(f"Rollups rebuilt: {result['rows']} rows over {result['days']} company-days")

    @app.cli.command("create-superadmin")
    @click.option("--email", envvar="SUPERADMIN_EMAIL", required=True)
    @click.option("--password", envvar="SUPERADMIN_PASSWORD", required=True)
    def create_superadmin(email, password):
        """Create or update the superadmin (reads SUPERADMIN_EMAIL / SUPERADMIN_PASSWORD)."""
        if not 8 <= len(password) <= 40:
            raise click.BadParameter("must be 8 to 40 characters", param_hint="--password")
        with tenancy.system_scope():
            user = upsert_superadmin(email, password)
            db.session.commit()
        click.echo(f"Superadmin ready: {user.email} (id {user.id})")

    @app.cli.command("demo")
    @click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="Where the API runs.")
    def demo(url):
        """Submit the sample video as the demo shopper and print the finished analysis."""
        from siete.demo import run_demo

        run_demo(url.rstrip("/"))

    @app.cli.command("seed-demo")
    def seed_demo():
        """Seed the demo tenant and print its logins (idempotent)."""
        with tenancy.system_scope():
            company = seed_demo_data()
            db.session.commit()
        click.echo(f"Demo company: {company.name} (id {company.id}, invite code {company.invite_code})")
        for email, _first, _last, role in DEMO_USERS:
            click.echo(f"  {role.name.lower():<10} {email:<24} password: {DEMO_PASSWORD}")
