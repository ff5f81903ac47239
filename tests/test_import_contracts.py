"""The layering the design promises, enforced by import-linter's contracts in pyproject.toml."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1].split("\n")[0].replace("0 broken", "")


def _module_level_calls(tree, name):
    """Calls to `name` that run at import: outside every function body."""
    import ast

    found = []

    def visit(node, in_function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            in_function = True
        if not in_function and isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (isinstance(func, ast.Attribute) and func.attr == name):
                found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


def test_only_the_entry_points_build_the_app_at_import():
    import ast

    builders = {}
    for path in [*ROOT.glob("*.py"), *(ROOT / "siete").rglob("*.py")]:
        lines = _module_level_calls(ast.parse(path.read_text()), "create_app")
        if lines and "__main__" not in path.read_text():
            builders[str(path.relative_to(ROOT))] = lines
    assert set(builders) == {"wsgi.py", "celery_app.py"}, builders
