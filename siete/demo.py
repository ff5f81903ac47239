"""The embedded demo's client: submit the sample video as the demo shopper and print the finished analysis."""
import time
from pathlib import Path

import click
import requests

from siete.cli import DEMO_PASSWORD

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "media" / "good_service.mp4"


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
