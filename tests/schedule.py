"""Loaded with `-p tests.schedule`: the order xdist hands files to its workers (`--dist loadfile
--no-loadscope-reorder`), longest first, so no long file starts last and holds the end of the suite.

The API fuzz (marked `longest`) takes about 8 minutes on one worker; started last it kept one worker
busy for that long after the others had finished. Started first, it runs beside everything else. Then
come the files with slow, integration or browser tests (real servers, workers, Chromium), then the rest,
each group in collection order.
"""

import pytest


def _rank(item):
    if item.get_closest_marker("longest"):
        return 0
    if any(item.get_closest_marker(name) for name in ("slow", "integration", "e2e")):
        return 1
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Files keep their items together; a file's rank is its most urgent item's (a stable sort keeps
    collection order within a rank)."""
    by_file = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(item)
    ordered = sorted(by_file.values(), key=lambda members: min(_rank(item) for item in members))
    items[:] = [item for members in ordered for item in members]
