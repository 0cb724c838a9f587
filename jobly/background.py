"""Background jobs: enqueue, run, report progress, cancel, reap, and the one place that moves status.

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

The BackgroundJob row, not the broker message, is the truth: every delivery claims the row
with a row lock, each attempt number is a claim token (a superseded runner can neither
progress nor finish the job), and the reaper recovers jobs whose message or worker was lost.
"""

import hashlib
import inspect
import json
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jobly.errors import Conflict, InvalidInput, NotFound, PermanentError, TransientError
from jobly.events import publish
from jobly.models import BackgroundJob
from jobly.ratelimit import check_job_rate_limit

logger = logging.getLogger("jobly.background")
Status = BackgroundJob.Status

# Allowed transitions, as data; `transition()` is the only writer of `status` after creation
# (`_claim` moves queued → running under the same row lock, recording the attempt).
TRANSITIONS = {
    Status.QUEUED: {Status.RUNNING, Status.CANCELLED, Status.FAILED},
    Status.RUNNING: {Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.QUEUED},
    Status.SUCCEEDED: set(),
    Status.FAILED: set(),
    Status.CANCELLED: set(),
}
FINAL_EVENT = {Status.SUCCEEDED: "job.completed", Status.FAILED: "job.failed", Status.CANCELLED: "job.cancelled"}
TRANSIENT_EXCEPTIONS = (TransientError, TimeoutError, ConnectionError, socket.timeout)
WORKER_LOST = {"code": "worker_lost", "message": "The worker running this job stopped during every attempt."}


@dataclass(frozen=True)
class JobType:
    name: str
    handler: object
    queue: str
    description: str


HANDLERS = {}


def job_handler(name, *, queue="default", description=""):
    """Register `func(ctx, **params)` as the handler of background job type `name`."""
    if queue not in ("default", "io", "render"):
        raise ValueError(f"unknown queue {queue!r} for job type {name!r}")

    def register(func):
        HANDLERS[name] = JobType(name=name, handler=func, queue=queue, description=description or (func.__doc__ or "").strip())
        return func

    return register


class JobCancelled(Exception):
    """Raised inside a handler by `ctx.check_cancelled()`; the runner ends the job `cancelled`."""


class JobSuperseded(Exception):
    """Raised by `ctx.check_cancelled()` when this attempt no longer owns the job (reaped, taken over)."""


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
        "attempts": job.attempts,
    }


# --- enqueue -----------------------------------------------------------------------------------


def enqueue(*, user, type, params=None, message="Queued"):
    """Create a job (or return the identical active one) and send it to Celery after commit.

    Returns (job, created). Raises PermanentError for an unknown type, RateLimited past the limit.
    The partial unique index `uniq_active_background_job` decides races between identical requests.
    """
    if type not in HANDLERS:
        raise InvalidInput(f"Unknown background job type {type!r}.", code="unknown_job_type")
    params = params or {}
    json.dumps(params)  # task arguments and stored params must be plain JSON (RELIABILITY row 29)
    digest = params_hash(params)
    existing = BackgroundJob.objects.active().filter(owner=user, type=type, params_hash=digest).first()
    if existing:
        return existing, False
    check_job_rate_limit(user.pk)
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                owner=user,
                type=type,
                params=params,
                params_hash=digest,
                message=message,
                queue=HANDLERS[type].queue,
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


def enqueue_or_extend(*, user, type, params, extend, message="Queued"):
    """Add ids to the user's queued job instead of starting another, so a burst of triggers is one job.

    `params[extend]` is a list of ids. A queued (not yet claimed) job of `type` whose other params
    are equal takes the new ids into its list, under the row lock the worker's claim also takes:
    the run sees every id merged before it started, and ids arriving later start a new job. A
    queued job whose list is None (everything) already covers them. Otherwise this is `enqueue`.
    Returns (job, created).
    """
    ids = sorted({int(pk) for pk in params[extend]})
    others = {key: value for key, value in params.items() if key != extend}
    with transaction.atomic():
        queued = BackgroundJob.objects.select_for_update().filter(owner=user, type=type, status=Status.QUEUED)
        for job in queued.order_by("pk"):
            if extend not in job.params or {k: v for k, v in job.params.items() if k != extend} != others:
                continue
            if job.params[extend] is None:
                return job, False
            merged = sorted(set(job.params[extend]) | set(ids))
            if merged == job.params[extend]:
                return job, False
            job.params = {**job.params, extend: merged}
            job.params_hash = params_hash(job.params)
            try:
                with transaction.atomic():
                    job.save(update_fields=["params", "params_hash"])
            except IntegrityError:  # an identical active job exists already: it is the one
                return BackgroundJob.objects.active().get(owner=user, type=type, params_hash=job.params_hash), False
            return job, False
    return enqueue(user=user, type=type, params={**others, extend: ids}, message=message)


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
    """Send the job's message to its queue. Safe to call again: the runner claims atomically.

    `dispatched_at` records when the message is due (now, or now + countdown for a retry), so the
    reaper does not re-send a message that is only waiting out its backoff.
    """
    from jobly.tasks import run_background_job_task

    job = BackgroundJob.objects.filter(pk=job_id).only("queue", "status").first()
    if job is None or job.status != Status.QUEUED:
        return None
    due = timezone.now() + timedelta(seconds=countdown or 0)
    try:
        result = run_background_job_task.apply_async(args=[job_id], queue=job.queue, countdown=countdown)
    except Exception as error:  # broker down: the reaper re-dispatches queued jobs later
        logger.warning("dispatch of background job %s failed: %s", job_id, type(error).__name__)
        return None
    BackgroundJob.objects.filter(pk=job_id, status=Status.QUEUED).update(celery_task_id=result.id, dispatched_at=due)
    return result.id


# --- transitions -------------------------------------------------------------------------------


def transition(job_id, *, to, expect, attempt=None, **fields):
    """Move a job from one of `expect` to `to` under a row lock; publish the event once.

    `attempt`, when given, must equal the job's current attempt number (the runner's claim token).
    Returns the updated job, or None when the job is not in an expected state (someone else won).
    """
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in expect or to not in TRANSITIONS[job.status]:
            return None
        if attempt is not None and job.attempts != attempt:
            return None
        job.status = to
        if to in BackgroundJob.FINAL_STATUSES:
            job.finished_at = timezone.now()
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
        elif to == Status.QUEUED:
            publish(job.owner_id, "job.progress", job_summary(job))
        return job


def request_cancel(*, user, job_id):
    """Cancel a job: a queued one never starts; a running one stops at its next check.

    Cancelling a cancelled job (or one already asked to stop) is harmless; a finished job is a 409.
    """
    with transaction.atomic():
        job = BackgroundJob.objects.for_user(user).select_for_update().filter(pk=job_id).first()
        if job is None:
            raise NotFound("Background job not found.")
        if job.status == Status.CANCELLED:
            return job
        if job.is_final:
            raise Conflict(f"The job already {job.status}; it cannot be cancelled.", code="job_not_cancellable")
        if job.status == Status.QUEUED:
            task_id = job.celery_task_id
            job = transition(job.pk, to=Status.CANCELLED, expect={Status.QUEUED}, message="Cancelled", cancel_requested=True)
            if task_id:
                transaction.on_commit(lambda: _revoke(task_id))
            return job
        if not job.cancel_requested:
            job.cancel_requested = True
            job.message = "Cancelling…"
            job.save(update_fields=["cancel_requested", "message"])
            publish(job.owner_id, "job.progress", job_summary(job))
        return job


def _revoke(task_id):
    """Best effort: drop the queued message early. Claiming a cancelled job is a no-op anyway."""
    from jobly.celery import app

    try:
        app.control.revoke(task_id)
    except Exception as error:
        logger.warning("revoke failed: %s", type(error).__name__)


# --- running -----------------------------------------------------------------------------------


class JobContext:
    """What a handler sees: its BackgroundJob row (`ctx.background_job`), progress reporting and
    cooperative cancellation, for one attempt."""

    def __init__(self, background_job):
        self.background_job = background_job
        self.attempt = background_job.attempts
        self._last_sent = None
        self._last_percent = background_job.progress

    @property
    def params(self):
        return self.background_job.params

    def _mine(self):
        return BackgroundJob.objects.filter(pk=self.background_job.pk, status=Status.RUNNING, attempts=self.attempt)

    def progress(self, percent, message=""):
        """Record progress (never backwards, throttled) and publish `job.progress`.

        Throttling keeps to JOB_PROGRESS_MIN_INTERVAL between events; a skipped value is not lost
        for long: the next call carries the newer one, and the final transition sets 100.
        """
        percent = max(self._last_percent, min(100, int(percent)))
        message = (message or self.background_job.message)[:500]
        if percent == self._last_percent and message == self.background_job.message:
            return False
        now = time.monotonic()
        throttled = self._last_sent is not None and now - self._last_sent < settings.JOB_PROGRESS_MIN_INTERVAL
        if throttled and percent < 100:
            return False
        # The update takes the row lock first, so a concurrent cancel/finish transition orders
        # its final event after this progress event, never before it.
        with transaction.atomic():
            updated = self._mine().update(progress=percent, message=message, heartbeat_at=timezone.now())
            if not updated:
                return False
            self.background_job.progress = percent
            self.background_job.message = message
            publish(self.background_job.owner_id, "job.progress", job_summary(self.background_job))
        self._last_sent = now
        self._last_percent = percent
        return True

    def check_cancelled(self):
        """Stop here if the user cancelled, or if this attempt no longer owns the job."""
        row = BackgroundJob.objects.filter(pk=self.background_job.pk).values("cancel_requested", "status", "attempts").first()
        if row is None or row["status"] != Status.RUNNING or row["attempts"] != self.attempt:
            raise JobSuperseded()
        if row["cancel_requested"]:
            raise JobCancelled()


class Heartbeat:
    """A thread that touches `heartbeat_at` while the handler runs, so the reaper can tell."""

    def __init__(self, job_id, attempt):
        self.job_id = job_id
        self.attempt = attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def _run(self):
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                BackgroundJob.objects.filter(pk=self.job_id, status=Status.RUNNING, attempts=self.attempt).update(
                    heartbeat_at=timezone.now()
                )
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


def stale_heartbeat_before():
    """A running job whose heartbeat is older than this has lost its worker."""
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_HEARTBEATS * settings.JOB_HEARTBEAT_SECONDS)


def _claim(job_id, worker):
    """queued → running (or take over a running job whose worker died). None if not ours to run."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (Status.QUEUED, Status.RUNNING):
            return None
        if job.status == Status.RUNNING and job.heartbeat_at and job.heartbeat_at >= stale_heartbeat_before():
            return None  # a duplicate delivery while the first runner is alive: do nothing
        if job.cancel_requested:
            transition(job.pk, to=Status.CANCELLED, expect={job.status}, message="Cancelled")
            return None
        attempt_log = list(job.attempt_log)
        if job.status == Status.RUNNING:
            attempt_log = _end_attempt(attempt_log, "worker_lost", {"code": "worker_lost", "message": "No heartbeat"})
        if job.attempts >= job.max_attempts:
            transition(job.pk, to=Status.FAILED, expect={job.status}, error=WORKER_LOST,
                       message="Failed: the worker stopped during every attempt", attempt_log=attempt_log)
            return None
        now = timezone.now()
        job.status = Status.RUNNING
        job.attempts += 1
        job.worker = worker[:200]
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.attempt_log = [*attempt_log, {"attempt": job.attempts, "started_at": now.isoformat(), "worker": worker[:200]}]
        job.message = "Started" if job.attempts == 1 else f"Started attempt {job.attempts} of {job.max_attempts}"
        job.save()
        publish(job.owner_id, "job.progress", job_summary(job))
        return job


def _end_attempt(attempt_log, outcome, error=None):
    log = list(attempt_log)
    if log and "ended_at" not in log[-1]:
        log[-1] = {**log[-1], "ended_at": timezone.now().isoformat(), "outcome": outcome, **({"error": error} if error else {})}
    return log


def _current_log(job_id):
    return BackgroundJob.objects.filter(pk=job_id).values_list("attempt_log", flat=True).first() or []


def retry_delay(attempt):
    """Exponential backoff with jitter (half fixed, half random), capped by CELERY_MAX_RETRY_COUNTDOWN."""
    base = settings.JOB_RETRY_BACKOFF_BASE ** attempt
    return min(settings.CELERY_MAX_RETRY_COUNTDOWN, base / 2 + random.uniform(0, base / 2))


def run(job_id, *, worker="local"):
    """Run one job to an end state (or back to queued for a retry). Idempotent per delivery.

    (Celery's Django fix-up closes stale database connections around each task.)
    """
    job = _claim(job_id, worker)
    if job is None:
        logger.info("background job %s not claimed (duplicate delivery or no longer queued)", job_id)
        return None
    attempt = job.attempts
    job_type = HANDLERS.get(job.type)

    def finish(to, outcome, error=None, **fields):
        log = _end_attempt(_current_log(job.pk), outcome, error)
        if error:
            fields["error"] = error
        return transition(job.pk, to=to, expect={Status.RUNNING}, attempt=attempt, attempt_log=log, **fields)

    try:
        if job_type is None:
            raise PermanentError(f"Unknown background job type {job.type!r}.", code="unknown_job_type")
        ctx = JobContext(job)
        _check_params(job_type, ctx, job.params)
        with Heartbeat(job.pk, attempt):
            result = job_type.handler(ctx, **job.params)
            json.dumps(result)
    except JobCancelled:
        return finish(Status.CANCELLED, "cancelled", message="Cancelled")
    except JobSuperseded:
        logger.info("background job %s attempt %s superseded; stopping", job.pk, attempt)
        return None
    except TRANSIENT_EXCEPTIONS as error:
        error_value = {"code": getattr(error, "code", "transient_error"), "message": _message_of(error)}
        if attempt < job.max_attempts:
            delay = retry_delay(attempt)
            retried = finish(Status.QUEUED, "retry", error_value,
                             message=f"Retrying in {delay:.0f} s after a temporary error")
            if retried:
                dispatch(job.pk, countdown=delay)
            return retried
        return finish(Status.FAILED, "failed", error_value, message=f"Failed: {error_value['message']}")
    except PermanentError as error:
        error_value = {"code": error.code, "message": error.message, "details": error.details}
        return finish(Status.FAILED, "failed", error_value, message=f"Failed: {error.message}")
    except SoftTimeLimitExceeded:
        error_value = {"code": "time_limit", "message": "The job ran longer than its time limit."}
        return finish(Status.FAILED, "failed", error_value, message="Failed: time limit")
    except Exception:
        logger.exception("background job %s crashed", job.pk)
        error_value = {"code": "internal_error", "message": "An unexpected error stopped this job."}
        return finish(Status.FAILED, "failed", error_value, message="Failed: unexpected error")
    if BackgroundJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
        return finish(Status.CANCELLED, "cancelled", message="Cancelled")
    return finish(Status.SUCCEEDED, "succeeded", result=result, message="Done")


def _check_params(job_type, ctx, params):
    """Parameters the handler does not accept are bad input, not a crash."""
    try:
        inspect.signature(job_type.handler).bind(ctx, **params)
    except TypeError as error:
        raise PermanentError(f"Invalid parameters for {job_type.name}: {error}.", code="invalid_params") from None


def _message_of(error):
    return getattr(error, "message", None) or str(error) or type(error).__name__


# --- recovery (Celery Beat) --------------------------------------------------------------------


def reap(*, batch=200):
    """Recover lost work: re-send queued jobs whose message vanished, re-queue or fail dead runners.

    - `queued` with its message due more than JOB_REDISPATCH_AFTER_SECONDS ago (or never sent):
      dispatched again (a duplicate message is harmless: claiming is atomic).
    - `running` with a heartbeat older than JOB_STALE_HEARTBEATS × JOB_HEARTBEAT_SECONDS: its worker
      died; the attempt is recorded as `worker_lost` and the job re-queued, or failed `worker_lost`
      once it has used all its attempts (a poison job cannot loop forever).
    Rows are claimed with SKIP LOCKED, so overlapping reapers never double-handle a job.
    Returns counts for the operator log.
    """
    counts = {"redispatched": 0, "requeued": 0, "failed": 0}
    lost_message_before = timezone.now() - timedelta(seconds=settings.JOB_REDISPATCH_AFTER_SECONDS)
    queued_ids = list(
        BackgroundJob.objects.filter(status=Status.QUEUED, created_at__lt=lost_message_before)
        .exclude(dispatched_at__gte=lost_message_before)
        .values_list("pk", flat=True)[:batch]
    )
    for job_id in queued_ids:
        if dispatch(job_id):
            counts["redispatched"] += 1
    stale_before = stale_heartbeat_before()
    with transaction.atomic():
        stale = list(
            BackgroundJob.objects.select_for_update(skip_locked=True)
            .filter(status=Status.RUNNING, heartbeat_at__lt=stale_before)[:batch]
        )
        to_dispatch = []
        for job in stale:
            log = _end_attempt(job.attempt_log, "worker_lost", {"code": "worker_lost", "message": "No heartbeat"})
            if job.cancel_requested:
                transition(job.pk, to=Status.CANCELLED, expect={Status.RUNNING}, message="Cancelled", attempt_log=log)
            elif job.attempts >= job.max_attempts:
                transition(job.pk, to=Status.FAILED, expect={Status.RUNNING}, error=WORKER_LOST,
                           message="Failed: the worker stopped during every attempt", attempt_log=log)
                counts["failed"] += 1
            else:
                transition(job.pk, to=Status.QUEUED, expect={Status.RUNNING}, attempt_log=log,
                           message="Re-queued: the worker running it stopped")
                to_dispatch.append(job.pk)
                counts["requeued"] += 1
        for job_id in to_dispatch:
            transaction.on_commit(lambda job_id=job_id: dispatch(job_id))
    if any(counts.values()):
        logger.warning("reaper: %s", counts)
    return counts
