"""scripts/test_preflight.sh: silent when every system package is there, one clear message when not."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "test_preflight.sh"


def preflight(tmp_path, lines):
    listing = tmp_path / "packages.txt"
    listing.write_text("# a comment\n\n" + "\n".join(lines) + "\n")
    env = {**os.environ, "JOBLY_SYSTEM_PACKAGES": str(listing), "JOBLY_PREFLIGHT_INSTALL": "0"}
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_the_real_list_is_satisfied_on_this_machine():
    result = subprocess.run([str(SCRIPT)], env={**os.environ, "JOBLY_PREFLIGHT_INSTALL": "0"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""


def test_missing_packages_are_named_with_the_command_that_installs_them(tmp_path):
    result = preflight(tmp_path, [
        "command:sh                         dash",
        "command:jobly-no-such-tool         jobly-tool-pkg another-pkg",
        "path:/nonexistent/jobly/*.so       jobly-lib",
        "command:jobly-no-such-server       jobly-server --no-install-recommends",
    ])
    assert result.returncode == 1
    assert "missing: jobly-tool-pkg another-pkg jobly-lib jobly-server" in result.stderr
    assert "sudo apt-get install jobly-tool-pkg another-pkg jobly-lib\n" in result.stderr
    assert "sudo apt-get install --no-install-recommends jobly-server" in result.stderr
    assert "dash" not in result.stderr


def test_every_line_of_the_list_names_a_check_and_a_package():
    for line in (ROOT / "scripts" / "system_packages.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            check, *packages = line.split()
            assert check.split(":", 1)[0] in ("command", "path") and packages, line


def test_ci_installs_from_the_same_list():
    assert "scripts/test_preflight.sh" in (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" not in (ROOT / ".ci" / "run").read_text()
