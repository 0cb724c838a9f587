"""The render benchmark keeps bench/__main__.py's contract (no timing is asserted here)."""

import pytest

from bench import bench_render


@pytest.mark.slow
def test_quick_render_benchmark_returns_rows_in_the_bench_contract():
    rows = bench_render.run(quick=True)
    measures = [row["measure"] for row in rows]
    assert "typst CV classic, warm" in measures and "embedded writer + Typst + ATS check, CV and letter" in measures
    for row in rows:
        assert set(row) == {"measure", "n", "median", "p5", "p95", "unit", "notes"}
    assert bench_render.TITLE and bench_render.DESCRIPTION
