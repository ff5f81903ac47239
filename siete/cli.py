"""Flask CLI commands (registration only; each command calls the feature that owns the work)."""
from pathlib import Path

import click

from siete.core import tenancy
from siete.core.errors import DomainError
from siete.extensions import db


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
        from siete.users.service import ensure_superadmin

        if not 8 <= len(password) <= 40:
            raise click.BadParameter("must be 8 to 40 characters", param_hint="--password")
        with tenancy.system_scope():
            try:
                user = ensure_superadmin(email, password)
            except DomainError as err:
                raise click.ClickException(f"{err.message} {err.errors or ''}".strip()) from None
            db.session.commit()
        click.echo(f"Superadmin ready: {user.email} (id {user.id})")

    @app.cli.command("demo")
    @click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="Where the API runs.")
    @click.option("--video", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="A recording to submit instead of the packaged sample visit.")
    def demo(url, video):
        """Submit a sample visit as the demo shopper and print the finished analysis."""
        from siete.demo import SAMPLE, run_demo

        run_demo(url.rstrip("/"), video or SAMPLE)

    @app.cli.command("seed-demo")
    def seed_demo():
        """Seed the demo tenant and print its logins (idempotent)."""
        from siete.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo_data

        with tenancy.system_scope():
            company = seed_demo_data()
            db.session.commit()
        click.echo(f"Demo company: {company.name} (id {company.id}, invite code {company.invite_code})")
        for email, _first, _last, role in DEMO_USERS:
            click.echo(f"  {role.name.lower():<10} {email:<24} password: {DEMO_PASSWORD}")
