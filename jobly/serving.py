"""The web tier: gunicorn supervising uvicorn workers, each serving `jobly.asgi` (HTTP and WebSockets).

Django runs synchronous views on one thread per process (asgiref's thread-sensitive executor), so
one ASGI process serves one page at a time; several processes behind one port serve in parallel.
WebSockets in different processes reach each other only through the channel layer (Redis).
This module stays light (settings import it); the worker class is in jobly/asgi_worker.py.
"""

import os

DEFAULT_MAX_WORKERS = 8


def available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_web_concurrency(cores=None):
    """Two processes per core (a view mostly waits on PostgreSQL), at least 2, at most 8."""
    cores = cores or available_cores()
    return max(2, min(2 * cores, DEFAULT_MAX_WORKERS))


def prepare_metrics_dir(environ=os.environ):
    """Give this server's workers one empty directory for their Prometheus files (multiprocess mode).

    In an operator's PROMETHEUS_MULTIPROC_DIR the metric files (`*.db`) of a previous run are deleted
    (they would count twice), and nothing else; without one, each server gets a fresh private
    directory, so two servers never share one.
    """
    import glob
    import tempfile

    path = environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        os.makedirs(path, exist_ok=True)
        for stale in glob.glob(os.path.join(path, "*.db")):
            os.remove(stale)
    else:
        path = tempfile.mkdtemp(prefix="jobly-metrics-")
        environ["JOBLY_METRICS_DIR_OWNED"] = "1"
    environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path


def remove_metrics_dir(environ=os.environ):
    import shutil

    if environ.pop("JOBLY_METRICS_DIR_OWNED", None) and environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def forget_worker_metrics(pid):
    """A worker exited: drop its live gauges (its counters and histograms keep counting)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)
