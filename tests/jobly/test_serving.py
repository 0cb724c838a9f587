"""The web tier's sizing and its Prometheus directory (jobly/serving.py)."""

import os

from jobly import serving


def test_default_concurrency_is_two_per_core_between_two_and_eight():
    assert [serving.default_web_concurrency(cores) for cores in (1, 2, 3, 4, 16)] == [2, 4, 6, 8, 8]


def test_an_operator_metrics_dir_loses_its_stale_metric_files_only_and_is_kept_at_exit(tmp_path):
    path = tmp_path / "prom"
    path.mkdir()
    (path / "counter_123.db").write_bytes(b"stale")
    (path / "histogram_456.db").write_bytes(b"stale")
    (path / "README").write_text("not ours")
    environ = {"PROMETHEUS_MULTIPROC_DIR": str(path)}
    assert serving.prepare_metrics_dir(environ) == str(path)
    assert [item.name for item in path.iterdir()] == ["README"]
    serving.remove_metrics_dir(environ)
    assert path.is_dir()


def test_without_one_each_server_gets_its_own_dir_removed_at_exit():
    first, second = {}, {}
    path = serving.prepare_metrics_dir(first)
    assert path != serving.prepare_metrics_dir(second) and os.path.isdir(path)
    serving.remove_metrics_dir(first)
    serving.remove_metrics_dir(second)
    assert not os.path.exists(path) and not os.path.exists(second["PROMETHEUS_MULTIPROC_DIR"])
