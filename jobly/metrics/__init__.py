"""Prometheus metrics: the public hooks other code calls, and the wiring of the core's own sources.

- `register_collector(name, collect)`: an app's scrape-time gauges (call from AppConfig.ready()).
- `record_delivery(kind, outcome)`: a webhook or e-mail delivery ended (`"webhook"`, `"delivered"`).
- `record_cache(name, hit=)`: one cache lookup.
Request metrics and the `/metrics` endpoint are in jobly/metrics/web.py; cluster-wide counters in
Redis in jobly/metrics/cluster.py. See docs/OPERATIONS.md ("Metrics and alerts").
"""

import logging

from jobly.metrics import cluster
from jobly.metrics.collectors import register_collector

__all__ = ["record_cache", "record_delivery", "register_collector"]

logger = logging.getLogger("jobly.metrics")
FINAL_JOB_EVENTS = {"job.completed", "job.failed", "job.cancelled"}


def record_delivery(kind, outcome):
    """Count one outbound delivery's outcome, e.g. ("webhook", "delivered"), ("email", "failed")."""
    cluster.record_delivery(kind, outcome)


def record_cache(name, *, hit):
    cluster.record_cache(name, hit=hit)


def _record_finished_job(event):
    """Event subscriber: a background job reached an end state (runs after commit, in whichever process)."""
    try:
        from jobly.models import BackgroundJob

        job = BackgroundJob.objects.filter(pk=event.data["job_id"]).only("type", "status", "started_at", "finished_at").first()
        if job is not None:
            cluster.record_background_job(job.type, job.status, job.duration_seconds)
    except Exception:  # a metric never fails the job it measures
        logger.exception("could not record the end of background job %s", event.data.get("job_id"))


def _record_worker_heartbeat(sender=None, **kwargs):
    """Celery's `heartbeat_sent` (every 2 s in each worker's main process): the worker is alive."""
    cluster.record_worker_heartbeat(getattr(getattr(sender, "eventer", None), "hostname", None) or "unknown")


_connected = False


def connect():
    """Called from JoblyConfig.ready(); connecting twice would count every job twice."""
    global _connected
    if _connected:
        return
    _connected = True
    from celery.signals import heartbeat_sent

    from jobly.events import subscribe

    for event_type in FINAL_JOB_EVENTS:
        subscribe(event_type, _record_finished_job)
    heartbeat_sent.connect(_record_worker_heartbeat, weak=False, dispatch_uid="jobly.metrics.heartbeat")
