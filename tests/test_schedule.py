"""The heavy-first order names files that exist, so a rename cannot quietly send a slow file last."""

from pathlib import Path

from tests.schedule import HEAVY_FIRST

ROOT = Path(__file__).resolve().parent.parent


def test_every_heavy_file_exists_once():
    assert len(set(HEAVY_FIRST)) == len(HEAVY_FIRST)
    assert [path for path in HEAVY_FIRST if not (ROOT / path).is_file()] == []
