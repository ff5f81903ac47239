"""Every feature's tasks module is discovered by the worker: a task only the web process imports is never run."""
import ast
from pathlib import Path

from siete import create_app
from siete.config import TestConfig

ROOT = Path(__file__).resolve().parents[1] / "siete"


def _declared_task_names():
    names = set()
    for module in ROOT.glob("*/tasks.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "shared_task":
                names |= {kw.value.value for kw in node.keywords
                          if kw.arg == "name" and isinstance(kw.value, ast.Constant)}
    return names


def test_the_worker_registers_every_named_task():
    celery = create_app(TestConfig()).extensions["celery"]
    celery.loader.import_default_modules()
    declared = _declared_task_names()
    assert "siete.prompts.run_activation_check" in declared
    assert declared <= set(celery.tasks)
