"""Locate the workplace's shared data (../shared/data) for tests over large public corpora.

Small fixtures are copied into tests/data/; only big corpora are read from here. Outside CI a
missing folder skips the test with a reason; under CI it fails, so coverage never silently drops.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_root():
    configured = os.environ.get("JOBLY_SHARED_DATA")
    return Path(configured) if configured else ROOT.parent / "shared" / "data"


def shared_path(relative):
    path = shared_root() / relative
    if not path.exists():
        message = f"shared data {relative!r} not found under {shared_root()} (set JOBLY_SHARED_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
