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
    """Files keep their items together; a file's rank is its most urgent item's."""
    by_file = {}
    for position, item in enumerate(items):
        rank, first, members = by_file.get(item.nodeid.split("::")[0], (3, position, []))
        members.append(item)
        by_file[item.nodeid.split("::")[0]] = (min(rank, _rank(item)), first, members)
    ordered = sorted(by_file.values(), key=lambda entry: (entry[0], entry[1]))
    items[:] = [item for _, _, members in ordered for item in members]
