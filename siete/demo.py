"""The demo tenant (one user of every role, two zones, a running campaign) and the embedded demo's client: submit
a sample visit as the demo shopper and print the finished analysis."""
import time
from datetime import date, timedelta
from pathlib import Path

import click
import requests
from sqlalchemy import select

from siete.core.passwords import hash_password
from siete.core.roles import Role
from siete.extensions import db

SAMPLE = Path(__file__).resolve().parent / "demo_assets" / "sample_visit.mp4"  # package data
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


def seed_demo_data():
    """A demo company with one user of every role, two zones and a running campaign (idempotent; system scope)."""
    from siete.campaigns.models import Campaign, CampaignUser, CampaignZone
    from siete.companies.models import Company
    from siete.users.models import User
    from siete.users.service import ensure_superadmin
    from siete.zones.models import UserZone, Zone

    company = _get_or_create(Company, {"name": DEMO_COMPANY}, country="DO", invite_code="demo-invite")
    users = {}
    for email, first, last, role in DEMO_USERS:
        if role == Role.SUPERADMIN:
            users[role] = ensure_superadmin(email, DEMO_PASSWORD, first, last, check_strength=False)
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


def _login(api, email):
    response = requests.post(f"{api}/auth/login", json={"email": email, "password": DEMO_PASSWORD}, timeout=10)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _wait_for_api(base, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise click.ClickException(f"the API at {base} did not come up")


def run_demo(base, video=SAMPLE, timeout=180):
    """Submit, follow the stages, then show the executive view and the KPIs; returns the analysis."""
    api = f"{base}/api/v1"
    _wait_for_api(base, 60)
    shopper = _login(api, "shopper@siete.demo")
    campaign = requests.get(f"{api}/campaigns", headers=shopper, timeout=10).json()[0]
    zone = requests.get(f"{api}/campaigns/{campaign['id']}/zones", headers=shopper, timeout=10).json()[0]
    with open(video, "rb") as stream:
        response = requests.post(f"{api}/evaluations", headers=shopper, timeout=60,
                                 data={"campaign_id": campaign["id"], "zone_id": zone["id"]},
                                 files={"video": (video.name, stream, "video/mp4")})
    response.raise_for_status()
    evaluation = response.json()
    click.echo(f"==> demo: submitted {video.name} as evaluation #{evaluation['id']} ({campaign['name']})")
    started, last = time.monotonic(), None
    while evaluation["status"] not in ("completed", "failed"):
        if time.monotonic() - started > timeout:
            raise click.ClickException("the analysis did not finish in time; is the worker running?")
        time.sleep(0.5)
        evaluation = requests.get(f"{api}/evaluations/{evaluation['id']}", headers=shopper, timeout=10).json()
        if (evaluation["stage"], evaluation["progress"]) != last:
            last = (evaluation["stage"], evaluation["progress"])
            click.echo(f"    {evaluation['status']:<10} {evaluation['stage']:<13} {evaluation['progress']:>3}%")
    if evaluation["status"] == "failed":
        raise click.ClickException(f"analysis failed: {evaluation['error_code']}: {evaluation['error_message']}")
    admin = _login(api, "admin@siete.demo")
    analysis = requests.get(f"{api}/evaluation-analysis/{evaluation['id']}", headers=admin, timeout=10).json()
    view = analysis["operative_view"]
    click.echo(f"==> demo: analysis ready in {time.monotonic() - started:.1f}s\n")
    click.echo(analysis["executive_view"])
    click.echo(f"\nKPIs: IOC {view['IOC']['score']} · IRD {view['IRD']['score']} · CES {view['CES']['score']} · "
               f"NPS inferido {view['NPS_inferido']}")
    click.echo("Calidad básica: " + ", ".join(f"{k} {'✓' if v else '✗'}" for k, v in view["calidad_basica"].items()))
    click.echo(f"\n==> the API keeps serving {base}/docs (Ctrl-C stops API and worker)")
    return analysis
