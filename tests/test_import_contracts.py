"""The dependency direction (jobly imports no app; matching imports only jobly) holds, and the check bites.

Both run `lint-imports` on `.importlinter`: once on the real tree, once on a scratch copy of it where
a new core module imports `matching`, which must break the contract.
"""

import os
import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd):
    environment = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / ".importlinter")],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
    )


def root_packages():
    config = ConfigParser()
    config.read(ROOT / ".importlinter")
    return config["importlinter"]["root_packages"].split()


def test_the_tree_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_installed_project_app_is_a_root_package_of_the_contracts():
    from django.conf import settings

    project_apps = {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()}
    assert project_apps - {"tests"} <= set(root_packages()), "add the new app to root_packages in .importlinter"


def test_a_core_module_importing_matching_breaks_the_contract(tmp_path):
    for package in root_packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.json", "*.yaml", "*.rss",
                                                                                           "__pycache__", "data"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    assert lint_imports(tmp_path).returncode == 0  # the copy alone keeps the contract

    (tmp_path / "jobly" / "scratch_violation.py").write_text("from matching.models import Job  # noqa: F401\n")
    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "jobly.scratch_violation -> matching.models" in result.stdout
