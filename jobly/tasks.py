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


@shared_task(name="jobly.delete_expired_events")
def delete_expired_events_task():
    """Periodic: delete Events older than EVENT_RETENTION_DAYS."""
    return events.delete_expired_events()


@shared_task(name="jobly.ping")
def ping_task():
    """A trivial task for health checks and the stack integration test."""
    return "pong"
