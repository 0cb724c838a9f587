"""Celery entry points for core work. Tasks take ids and call services."""

import socket

from celery import shared_task

from jobly import background, events


@shared_task(name="jobly.run_background_job", bind=True, acks_late=True)
def run_background_job_task(self, job_id):
    worker = self.request.hostname or socket.gethostname()
    job = background.run(job_id, worker=worker)
    return job.status if job is not None else None


@shared_task(name="jobly.reap_background_jobs")
def reap_background_jobs_task():
    """Periodic: re-send lost queued jobs, re-queue or fail running jobs whose worker died."""
    return background.reap()


@shared_task(name="jobly.apply_retention")
def apply_retention_task():
    """Periodic: delete events, finished background jobs, resume uploads and audit entries past their age."""
    from jobly.retention import apply_retention

    return apply_retention()


@shared_task(name="jobly.delete_expired_events")
def delete_expired_events_task():
    """Kept for Beat rows synced before retention covered events; `jobly.apply_retention` does this now."""
    return events.delete_expired_events()


@shared_task(name="jobly.backup")
def backup_task():
    """Periodic (daily): dump the database and the media files to the backups storage, then prune."""
    from django.conf import settings
    from django.core.cache import cache

    from jobly.backups import create_backup, prune_backups

    # A redelivered message (late acks) must not start a second dump while the first still runs.
    if not cache.add("backup:running", socket.gethostname(), timeout=settings.CELERY_VISIBILITY_TIMEOUT):
        return {"skipped": "a backup is already running"}
    try:
        manifest = create_backup()
        return {"name": manifest["name"], "pruned": prune_backups()}
    finally:
        cache.delete("backup:running")


@shared_task(name="jobly.ping")
def ping_task():
    """A trivial task for health checks and the stack integration test."""
    return "pong"
