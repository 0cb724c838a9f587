"""Wiring of the automatic triggers: profile changes (event bus) and the nightly Beat run."""

import importlib

NIGHTLY = {"minute": "30", "hour": "2"}


def connect():
    from jobly.events import _fanout_hooks, register_fanout
    from matching.matches.services import on_profile_updated

    if on_profile_updated not in _fanout_hooks:  # ready() may run twice in tests
        register_fanout(on_profile_updated)
    try:
        periodic = importlib.import_module("jobly.periodic")
    except ImportError:
        return
    periodic.register_periodic("matching.nightly-recompute", "matching.recompute_all_profiles", crontab=NIGHTLY)
