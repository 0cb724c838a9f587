"""The plugin that turns a skip into a failure unless the test is marked optional (tests/no_silent_skips.py)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = '''
import pytest

def test_skipped_in_its_body():
    pytest.skip("chromium is missing")

@pytest.fixture
def needs_a_tool():
    pytest.skip("promtool is missing")

def test_skipped_by_a_fixture(needs_a_tool):
    pass

@pytest.mark.skipif(True, reason="never here")
def test_skipped_by_a_mark():
    pass

@pytest.mark.optional(reason="pip install the extra")
def test_optional_may_skip():
    pytest.skip("the extra is not installed")

@pytest.mark.xfail(reason="known")
def test_expected_failure_stays_xfail():
    assert False

def test_plain_pass():
    pass
'''


def run_pytest(tmp_path, source):
    (tmp_path / "test_cases.py").write_text(textwrap.dedent(source))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.no_silent_skips", "-p", "no:django", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-rA", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


def test_skips_fail_unless_the_test_is_marked_optional(tmp_path):
    result = run_pytest(tmp_path, CASES)
    assert result.returncode == 1, result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    # A skip in the test's body fails the call; one from a fixture or a skipif mark fails the setup (an error).
    assert "1 failed" in summary and "2 errors" in summary, summary
    assert "1 passed" in summary and "1 skipped" in summary and "1 xfailed" in summary, summary
    for name in ("test_skipped_in_its_body", "test_skipped_by_a_fixture", "test_skipped_by_a_mark"):
        assert f"FAILED test_cases.py::{name}" in result.stdout or f"ERROR test_cases.py::{name}" in result.stdout
    assert "skipped, but not marked optional: chromium is missing" in result.stdout
    assert "SKIPPED [1] test_cases.py" in result.stdout and "the extra is not installed" in result.stdout


def test_optional_without_a_reason_is_a_usage_error(tmp_path):
    result = run_pytest(tmp_path, "import pytest\n\n@pytest.mark.optional\ndef test_x():\n    pass\n")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "needs reason=" in result.stderr + result.stdout
