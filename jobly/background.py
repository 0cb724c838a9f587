"""Background jobs: enqueue, run, report progress, cancel, and the one place that moves status.

A job type is a plain function registered with `@job_handler("type")`; it receives a
`JobContext` and the job's params as keyword arguments and returns a JSON-able result:

    @job_handler("diagnostic.warmup", queue="default")
    def warm_up(ctx, *, steps=5):
        for step in range(steps):
            ctx.check_cancelled()
            ctx.progress(100 * step // steps, f"Step {step + 1} of {steps}")
        return {"steps": steps}

Raise `PermanentError` for bad input (fails at once) and `TransientError` for outside-service
hiccups (retried with exponential backoff and jitter, `JOB_MAX_ATTEMPTS` in all).
"""

import hashlib
import json
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from jobly.errors import Conflict, NotFound, PermanentError, TransientError
from jobly.events import publish
from jobly.models import BackgroundJob
from jobly.ratelimit import check_job_rate_limit

logger = logging.getLogger("jobly.background")
Status = BackgroundJob.Status

# Allowed transitions, as data; `transition()` is the only writer of `status`.
TRANSITIONS = {
    Status.QUEUED: {Status.RUNNING, Status.CANCELLED, Status.FAILED},
    Status.RUNNING: {Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.QUEUED, Status.RUNNING},
    Status.SUCCEEDED: set(),
    Status.FAILED: set(),
    Status.CANCELLED: set(),
}
FINAL_EVENT = {Status.SUCCEEDED: "job.completed", Status.FAILED: "job.failed", Status.CANCELLED: "job.cancelled"}
TRANSIENT_EXCEPTIONS = (TransientError, TimeoutError, ConnectionError, socket.timeout)


@dataclass(frozen=True)
class JobType:
    name: str
    handler: object
    queue: str
    description: str


HANDLERS = {}


def job_handler(name, *, queue="default", description=""):
    def register(func):
        HANDLERS[name] = JobType(name=name, handler=func, queue=queue, description=description or (func.__doc__ or "").strip())
        return func

    return register


class JobCancelled(Exception):
    """Raised inside a handler by `ctx.check_cancelled()`; the runner ends the job `cancelled`."""


def params_hash(params):
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def job_summary(job):
    return {
        "job_id": job.pk,
        "type": job.type,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
    }


# --- enqueue -----------------------------------------------------------------------------------


def enqueue(*, user, type, params=None, message="Queued"):
    """Create a job (or return the identical active one) and send it to Celery after commit.

    Returns (job, created). Raises PermanentError for an unknown type, RateLimited past the limit.
    """
    if type not in HANDLERS:
        raise PermanentError(f"Unknown background job type {type!r}.", code="unknown_job_type", status=400)
    params = params or {}
    digest = params_hash(params)
    existing = BackgroundJob.objects.active().filter(owner=user, type=type, params_hash=digest).first()
    if existing:
        return existing, False
    check_job_rate_limit(user.pk)
    job_type = HANDLERS[type]
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                owner=user,
                type=type,
                params=params,
                params_hash=digest,
                message=message,
                queue=job_type.queue,
                max_attempts=settings.JOB_MAX_ATTEMPTS,
            )
            publish(user, "job.created", job_summary(job))
    except IntegrityError:
        # Another request created the identical job between our look-up and insert.
        existing = BackgroundJob.objects.active().filter(owner=user, type=type, params_hash=digest).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: dispatch(job.pk))
    return job, True


def requeue(job_id):
    """Operator action: run a failed or cancelled job again as a new job with the same params."""
    old = BackgroundJob.objects.get(pk=job_id)
    if old.status not in (Status.FAILED, Status.CANCELLED):
        raise Conflict("Only failed or cancelled jobs can be re-queued.", code="job_not_requeueable")
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                owner_id=old.owner_id, type=old.type, params=old.params, params_hash=old.params_hash,
                message=f"Re-queued from job #{old.pk}", queue=old.queue, max_attempts=settings.JOB_MAX_ATTEMPTS,
            )
            publish(old.owner_id, "job.created", job_summary(job))
    except IntegrityError:
        return BackgroundJob.objects.active().get(owner_id=old.owner_id, type=old.type, params_hash=old.params_hash)
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id, *, countdown=None):
    """Send the job's message to its queue. Safe to call again: the runner claims atomically."""
    from jobly.tasks import run_background_job_task

    job = BackgroundJob.objects.filter(pk=job_id).only("queue", "status").first()
    if job is None or job.status != Status.QUEUED:
        return
    try:
        result = run_background_job_task.apply_async(args=[job_id], queue=job.queue, countdown=countdown)
    except Exception as error:  # broker down: the reaper re-dispatches queued jobs later
        logger.warning("dispatch of background job %s failed: %s", job_id, type(error).__name__)
        return
    BackgroundJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        celery_task_id=result.id, dispatched_at=timezone.now()
    )


# --- transitions -------------------------------------------------------------------------------


def transition(job_id, *, to, expect, **fields):
    """Move a job from one of `expect` to `to` under a row lock; publish the event once.

    Returns the updated job, or None when the job is not in an expected state (someone else won).
    """
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in expect or to not in TRANSITIONS[job.status]:
            return None
        job.status = to
        now = timezone.now()
        if to in BackgroundJob.FINAL_STATUSES:
            job.finished_at = now
            if to == Status.SUCCEEDED:
                job.progress = 100
        for name, value in fields.items():
            setattr(job, name, value)
        job.save()
        if to in FINAL_EVENT:
            data = job_summary(job)
            if job.error:
                data["error"] = job.error
            publish(job.owner_id, FINAL_EVENT[to], data)
        return job


def request_cancel(*, user, job_id):
    """Cancel a job: a queued one never starts; a running one stops at its next check."""
    job = BackgroundJob.objects.for_user(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("Background job not found.")
    if job.status == Status.CANCELLED:
        return job
    if job.is_final:
        raise Conflict(f"The job already {job.status}; it cannot be cancelled.", code="job_not_cancellable")
    cancelled = transition(job.pk, to=Status.CANCELLED, expect={Status.QUEUED}, message="Cancelled")
    if cancelled:
        if job.celery_task_id:
            _revoke(job.celery_task_id)
        return cancelled
    BackgroundJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(cancel_requested=True)
    job.refresh_from_db()
    if job.is_final and job.status != Status.CANCELLED:
        raise Conflict(f"The job already {job.status}; it cannot be cancelled.", code="job_not_cancellable")
    return job


def _revoke(task_id):
    from jobly.celery import app

    try:
        app.control.revoke(task_id)
    except Exception as error:
        logger.warning("revoke failed: %s", type(error).__name__)


# --- running -----------------------------------------------------------------------------------


class JobContext:
    """What a handler sees: progress reporting and cooperative cancellation."""

    def __init__(self, job):
        self.job = job
        self._last_sent = 0.0
        self._last_percent = job.progress

    @property
    def params(self):
        return self.job.params

    def progress(self, percent, message=""):
        """Record progress (never backwards, throttled) and publish `job.progress`."""
        percent = max(self._last_percent, min(100, int(percent)))
        now = time.monotonic()
        if percent == self._last_percent and message == self.job.message:
            return
        if now - self._last_sent < settings.JOB_PROGRESS_MIN_INTERVAL and percent < 100:
            return
        updated = BackgroundJob.objects.filter(pk=self.job.pk, status=Status.RUNNING).update(
            progress=percent, message=message[:500], heartbeat_at=timezone.now()
        )
        if not updated:
            return
        self._last_sent = now
        self._last_percent = percent
        self.job.progress = percent
        self.job.message = message[:500]
        with transaction.atomic():
            publish(self.job.owner_id, "job.progress", job_summary(self.job))

    def check_cancelled(self):
        cancelled = BackgroundJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists()
        if cancelled:
            raise JobCancelled()


class Heartbeat:
    """A thread that touches `heartbeat_at` while the handler runs, so the reaper can tell."""

    def __init__(self, job_id):
        self.job_id = job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def _run(self):
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                BackgroundJob.objects.filter(pk=self.job_id, status=Status.RUNNING).update(heartbeat_at=timezone.now())
        except Exception as error:
            logger.warning("heartbeat stopped: %s", type(error).__name__)
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)


def _claim(job_id, worker):
    """queued → running (or take over a running job whose worker died). None if not ours to run."""
    stale_before = timezone.now() - timezone.timedelta(seconds=3 * settings.JOB_HEARTBEAT_SECONDS)
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        if job.status == Status.RUNNING and job.heartbeat_at and job.heartbeat_at >= stale_before:
            return None  # a duplicate delivery while the first is alive: do nothing
        if job.status not in (Status.QUEUED, Status.RUNNING):
            return None
        if job.cancel_requested:
            transition(job.pk, to=Status.CANCELLED, expect={job.status}, message="Cancelled")
            return None
        if job.attempts >= job.max_attempts:
            transition(
                job.pk,
                to=Status.FAILED,
                expect={job.status},
                error={"code": "worker_lost", "message": "The worker stopped during every attempt."},
                message="Failed: the worker stopped during every attempt",
            )
            return None
        now = timezone.now()
        job.status = Status.RUNNING
        job.attempts += 1
        job.worker = worker[:200]
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.attempt_log = [*job.attempt_log, {"attempt": job.attempts, "started_at": now.isoformat(), "worker": worker}]
        job.save()
        return job


def _record_attempt_end(job, outcome, error=None):
    log = list(job.attempt_log)
    if log:
        log[-1] = {**log[-1], "ended_at": timezone.now().isoformat(), "outcome": outcome, **({"error": error} if error else {})}
    return log


def retry_delay(attempt):
    """Exponential backoff with full jitter, capped by CELERY_MAX_RETRY_COUNTDOWN."""
    base = settings.JOB_RETRY_BACKOFF_BASE ** attempt
    return min(settings.CELERY_MAX_RETRY_COUNTDOWN, base / 2 + random.uniform(0, base / 2))


def run(job_id, *, worker="local"):
    """Run one job to an end state. Called by the Celery task; idempotent per delivery."""
    close_old_connections()
    job = _claim(job_id, worker)
    if job is None:
        logger.info("background job %s not claimed (duplicate delivery or no longer queued)", job_id)
        return None
    publish_progress_start(job)
    job_type = HANDLERS.get(job.type)
    try:
        if job_type is None:
            raise PermanentError(f"Unknown background job type {job.type!r}.", code="unknown_job_type")
        with Heartbeat(job.pk):
            ctx = JobContext(job)
            result = job_type.handler(ctx, **job.params)
    except JobCancelled:
        return transition(job.pk, to=Status.CANCELLED, expect={Status.RUNNING}, message="Cancelled",
                          attempt_log=_record_attempt_end(job, "cancelled"))
    except TRANSIENT_EXCEPTIONS as error:
        code = getattr(error, "code", "transient_error")
        error_value = {"code": code, "message": _message_of(error)}
        if job.attempts < job.max_attempts:
            delay = retry_delay(job.attempts)
            retried = transition(
                job.pk, to=Status.QUEUED, expect={Status.RUNNING},
                message=f"Retrying in {delay:.0f} s after a temporary error",
                attempt_log=_record_attempt_end(job, "retry", error_value),
            )
            if retried:
                dispatch(job.pk, countdown=delay)
            return retried
        return transition(job.pk, to=Status.FAILED, expect={Status.RUNNING}, error=error_value,
                          message=f"Failed: {error_value['message']}",
                          attempt_log=_record_attempt_end(job, "failed", error_value))
    except PermanentError as error:
        error_value = {"code": error.code, "message": error.message, "details": error.details}
        return transition(job.pk, to=Status.FAILED, expect={Status.RUNNING}, error=error_value,
                          message=f"Failed: {error.message}", attempt_log=_record_attempt_end(job, "failed", error_value))
    except Exception as error:
        logger.exception("background job %s crashed", job.pk)
        error_value = {"code": "internal_error", "message": "An unexpected error stopped this job."}
        return transition(job.pk, to=Status.FAILED, expect={Status.RUNNING}, error=error_value,
                          message="Failed: unexpected error", attempt_log=_record_attempt_end(job, "failed", error_value))
    if BackgroundJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
        return transition(job.pk, to=Status.CANCELLED, expect={Status.RUNNING}, message="Cancelled",
                          attempt_log=_record_attempt_end(job, "cancelled"))
    return transition(job.pk, to=Status.SUCCEEDED, expect={Status.RUNNING}, result=result, message="Done",
                      attempt_log=_record_attempt_end(job, "succeeded"))


def publish_progress_start(job):
    with transaction.atomic():
        publish(job.owner_id, "job.progress", job_summary(job) | {"message": "Started"})


def _message_of(error):
    return getattr(error, "message", None) or str(error) or type(error).__name__
