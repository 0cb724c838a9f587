"""Every benchmark module imports and keeps the bench contract (TITLE, DESCRIPTION, run), so `make bench`
cannot break unseen: the serving benchmark once failed on a quote in its description."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
MODULES = sorted(path.stem for path in BENCH.glob("bench_*.py"))


def test_there_are_benchmarks():
    assert len(MODULES) >= 10


@pytest.mark.parametrize("name", MODULES)
def test_a_benchmark_module_imports_with_its_contract(name):
    module = importlib.import_module(f"bench.{name}")
    assert isinstance(module.TITLE, str) and module.TITLE
    assert isinstance(module.DESCRIPTION, str) and len(module.DESCRIPTION) > 40
    assert callable(module.run)
