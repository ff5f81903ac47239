"""The container image builds the console itself (a Node stage) and serves the bundle, with nothing from a CDN."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose") and ["docker-compose"]


def _stages():
    """Each FROM of the Dockerfile with the instructions under it."""
    stages, current = [], None
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("FROM "):
            current = {"from": line.split()[1], "as": line.split()[-1] if " AS " in line else None, "steps": []}
            stages.append(current)
        elif current is not None and line.strip() and not line.startswith("#"):
            current["steps"].append(line.strip())
    return stages


def test_a_node_stage_builds_the_console_from_the_lockfile():
    node = _stages()[0]
    assert node["from"].startswith("node:") and node["as"] == "console"
    steps = "\n".join(node["steps"])
    assert "COPY web/package.json web/package-lock.json ./" in steps
    assert steps.index("npm ci") < steps.index("COPY web/ ./") < steps.index("npm run build")
    assert "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1" in steps  # nothing may download a browser


def test_the_final_image_copies_the_built_console_where_the_api_serves_it():
    from siete.console.routes import DIST

    final = _stages()[-1]
    assert final["from"].startswith("python:")
    copy = next(s for s in final["steps"] if s.startswith("COPY --from=console"))
    assert copy.split()[-1] == "./" + str(DIST.relative_to(ROOT))
    assert final["steps"].index(copy) > final["steps"].index("COPY . .")  # a stale local build can never win


def test_local_builds_and_dependencies_stay_out_of_the_build_context():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"web/node_modules", "web/dist", ".venv", ".git"} <= set(ignored)


def test_the_console_loads_nothing_from_another_origin():
    index = (ROOT / "web" / "src" / "index.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", index)


@pytest.mark.skipif(not COMPOSE, reason="Debian package docker-compose is not installed")
def test_compose_builds_the_app_image_from_this_dockerfile(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    done = subprocess.run([*COMPOSE, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert services["web"]["build"]["context"] == str(tmp_path)
    assert services["web"]["image"] == services["worker-reports"]["image"] == "siete-cx:latest"
