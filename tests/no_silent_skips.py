"""A skipped test is a failure unless it is marked `@pytest.mark.optional(reason=...)`.

`make test` claims to run everything; a missing system package or data file must not turn a suite
into a silent skip. Tests that really are optional (an extra a user installs by choice) say so with
the marker and a reason that tells the user how to enable them.
"""

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "optional(reason): may be skipped; the reason says how to make it run (otherwise a skip fails)"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("optional")
        if marker and not (marker.kwargs.get("reason") or marker.args):
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.optional needs reason=... (how to make it run)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail") or item.get_closest_marker("optional"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (
        f"skipped, but not marked optional: {reason}\n"
        "Install what it needs (scripts/test_preflight.sh lists the system packages) or mark the test "
        "@pytest.mark.optional(reason='how to make it run')."
    )
