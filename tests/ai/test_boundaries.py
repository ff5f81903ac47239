"""The AI engine and media helpers stay plain Python: no Flask or Celery import anywhere in them."""

import ast
from pathlib import Path

import pytest

SIETE = Path(__file__).resolve().parents[2] / "siete"
ENGINE_FILES = sorted((SIETE / "ai").rglob("*.py")) + sorted(
    p for p in (SIETE / "media").glob("*.py") if p.name in {"__init__.py", "audio.py", "chunking.py", "errors.py",
                                                             "ffmpeg.py", "probe.py"})


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(SIETE)))
def test_no_web_or_queue_framework_imports(path):
    frameworks = {name.split(".")[0] for name in imported_modules(path)} & {"flask", "flask_smorest", "celery",
                                                                              "werkzeug", "kombu"}
    assert frameworks == set()
