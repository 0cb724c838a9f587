"""The order files reach the xdist workers: the longest first, so none starts last and runs alone.

`make test` runs `--dist loadfile --no-loadscope-reorder`: xdist would otherwise order files by their
number of tests, and the API fuzz run (one test, several minutes) came last and ran alone at the end
of the suite with the other workers idle. The heaviest files, by their measured time in a full run
(the `--durations` table), go first in this order; every other file keeps its collection order.
"""

HEAVY_FIRST = (
    "tests/reliability/test_api_fuzz.py",
    "tests/reliability/test_chaos_services.py",
    "tests/integration/test_backups.py",
    "tests/integration/test_s3.py",
    "tests/integration/test_websocket.py",
    "tests/reliability/test_beat.py",
    "tests/integration/test_background_chaos.py",
    "tests/e2e/test_journey.py",
    "tests/e2e/test_accessibility.py",
    "tests/reliability/test_permissions.py",
    "tests/jobly/notifications/test_worker_delivery.py",
    "tests/integration/test_web_tier.py",
    "tests/jobly/profiles/test_parse.py",
)
RANK = {path: index for index, path in enumerate(HEAVY_FIRST)}


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        return RANK.get(item.nodeid.split("::", 1)[0], len(RANK))

    items.sort(key=rank)  # stable: within a file and among the rest, collection order stays
