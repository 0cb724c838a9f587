"""The layout rules docs/ARCHITECTURE.md states, checked on the tree: short modules, template names,
no guarded imports of project code, no hidden apps."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("jobly", "matching", "packets", "interviews", "tracking")
MAX_LINES = 600


def python_files(*packages):
    for package in packages:
        yield from sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def test_no_module_is_over_600_lines():
    long = [f"{path.relative_to(ROOT)} ({count})" for path in python_files(*PROJECT, "tests", "bench")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"split these into modules with one purpose each: {long}"


def test_no_module_has_a_name_the_template_avoids():
    # A "job" is a posting: background-job handlers live in background_jobs.py.
    names = {"jobs.py", "utils.py", "helpers.py", "manager.py"}
    found = [str(path.relative_to(ROOT)) for path in python_files(*PROJECT) if path.name in names]
    assert not found


def guarded_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            handler.type is not None and "ImportError" in ast.unparse(handler.type) for handler in node.handlers
        ):
            yield node.lineno


def test_no_project_code_is_imported_behind_an_import_error_guard():
    guarded = [f"{path.relative_to(ROOT)}:{line}" for path in python_files(*PROJECT) for line in guarded_imports(path)]
    assert not guarded, f"import the module directly (apps are installed or not, never half there): {guarded}"


def test_no_sub_package_of_an_app_has_models_of_its_own():
    hidden = [str(path.parent.relative_to(ROOT)) for package in PROJECT for path in (ROOT / package).glob("*/*/models.py")]
    hidden += [str(path.parent.relative_to(ROOT)) for package in PROJECT for path in (ROOT / package).glob("*/models.py")
               if path.parent.name != "models"]
    assert not hidden, f"a sub-package with its own models is a hidden app: make it an app or fold it in: {hidden}"
