"""docker-compose.yml validates and runs the same processes as the Procfile."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = shutil.which("docker-compose") and ["docker-compose"]


@pytest.mark.skipif(not COMPOSE, reason="Debian package docker-compose is not installed")
def test_compose_file_validates(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run([*COMPOSE, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_compose_runs_one_worker_per_queue_beat_flower_and_the_procfile_processes():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    queues = {name: cmd[cmd.index("-Q") + 1] for name, s in services.items()
              if "worker" in (cmd := s.get("command", [])) and "-Q" in cmd}
    assert queues == {"worker-media": "media", "worker-ai": "ai", "worker-default": "default",
                      "worker-reports": "reports"}
    assert {"postgres", "redis", "migrate", "web", "beat", "flower"} <= set(services)
    procfile = (ROOT / "Procfile").read_text()
    for module in ("wsgi:app", "celery_app", "db upgrade", "--worker-class siete.serving.ThreadWorker", "--pool threads"):
        assert module in procfile
        assert module in (ROOT / "docker-compose.yml").read_text().replace('", "', " ")
