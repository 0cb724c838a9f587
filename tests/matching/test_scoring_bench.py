"""The matching benchmark keeps bench/__main__.py's contract (no timing is asserted here)."""

import pytest

from bench import bench_matching


@pytest.mark.slow
def test_quick_benchmark_returns_rows_in_the_bench_contract():
    rows = bench_matching.run(quick=True)
    assert {row["measure"].split(",")[0] for row in rows} >= {"cold index build (TF-IDF", "warm rank", "full recompute"}
    for row in rows:
        assert set(row) == {"measure", "n", "median", "p5", "p95", "unit", "notes"}
        assert row["median"] > 0
    assert bench_matching.TITLE and bench_matching.DESCRIPTION
