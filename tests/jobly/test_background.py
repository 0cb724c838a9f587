"""jobly.background against the real database: enqueue, claiming, retries, cancel, progress, reaper.

`background.run(job_id)` is called directly (no worker needed); dispatch sends real messages to the
test Redis, which no worker consumes here.
"""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jobly import background
from jobly.background import job_handler
from jobly.errors import Conflict, NotFound, PermanentError, RateLimited, TransientError
from jobly.models import BackgroundJob, Event
from tests.factories import BackgroundJobFactory, UserFactory

Status = BackgroundJob.Status


def event_types(user, job=None):
    events = Event.objects.filter(owner=user).order_by("id")
    if job is not None:
        events = [event for event in events if event.data.get("job_id") == job.pk]
    return [event.type for event in events]


def enqueue_committed(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        job, created = background.enqueue(**kwargs)
    job.refresh_from_db()
    return job, created


# Test-only job types: each exercises one path of the runner.
@job_handler("test.cancel_self")
def _cancel_self(ctx):
    background.request_cancel(user=ctx.background_job.owner, job_id=ctx.background_job.pk)
    ctx.progress(40, "still going")
    ctx.check_cancelled()
    raise AssertionError("check_cancelled should have stopped the job")


@job_handler("test.progress_sequence")
def _progress_sequence(ctx, *, values):
    for index, value in enumerate(values):
        ctx.progress(value, f"value {index}")
    return {"reported": len(values)}


@job_handler("test.always_transient")
def _always_transient(ctx):
    raise TransientError("upstream said 503", code="upstream_503")


@job_handler("test.connection_error")
def _connection_error(ctx):
    raise ConnectionError("connection reset")


@job_handler("test.crash")
def _crash(ctx):
    raise ZeroDivisionError("secret internals")


@job_handler("test.soft_time_limit")
def _soft_time_limit(ctx):
    from celery.exceptions import SoftTimeLimitExceeded

    raise SoftTimeLimitExceeded()  # what Celery raises in the handler when the soft limit passes


@job_handler("test.taken_over")
def _taken_over(ctx):
    # Simulates the reaper re-queueing this attempt and another worker claiming the job.
    BackgroundJob.objects.filter(pk=ctx.background_job.pk).update(attempts=ctx.background_job.attempts + 1)
    ctx.progress(50, "should not be recorded")
    ctx.check_cancelled()
    return {"done": True}


# --- enqueue -----------------------------------------------------------------------------------


def test_enqueue_dispatches_only_after_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job, created = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 2})
        assert created and job.status == Status.QUEUED
        # Nothing sent yet: the message goes out in an on-commit callback.
        assert BackgroundJob.objects.get(pk=job.pk).celery_task_id == ""
    assert callbacks, "dispatch must be deferred to on_commit"
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.celery_task_id and job.dispatched_at is not None
    assert event_types(user, job) == ["job.created"]


def test_enqueue_rolled_back_sends_nothing(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 2})
                raise RuntimeError("roll back")
    assert callbacks == []
    assert not BackgroundJob.objects.filter(owner=user).exists()


def test_identical_request_returns_the_active_job(user, django_capture_on_commit_callbacks):
    first, created = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"steps": 2})
    again, created_again = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 2})
    other, created_other = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 3})
    assert created and not created_again and created_other
    assert again.pk == first.pk and other.pk != first.pk


def test_identical_request_after_the_job_finished_starts_a_new_one(user, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 0
    first, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0})
    background.run(first.pk)
    second, created = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0})
    assert created and second.pk != first.pk


def test_database_refuses_two_active_identical_jobs(user):
    BackgroundJobFactory(owner=user, params_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        BackgroundJobFactory(owner=user, params_hash="a" * 64)
    BackgroundJobFactory(owner=user, params_hash="b" * 64, status=Status.SUCCEEDED)
    BackgroundJobFactory(owner=user, params_hash="b" * 64, status=Status.FAILED)  # finished ones may repeat


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_create_one_job():
    user = UserFactory()
    barrier = threading.Barrier(8)
    job_ids, errors = [], []

    def request():
        try:
            barrier.wait()
            job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 7})
            job_ids.append(job.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(job_ids)) == 1
    assert BackgroundJob.objects.filter(owner=user).count() == 1


def test_unknown_type_is_rejected(user):
    with pytest.raises(PermanentError) as error:
        background.enqueue(user=user, type="nope.nothing")
    assert error.value.code == "unknown_job_type" and error.value.status == 400


def test_rate_limit_allows_the_limit_then_raises_with_retry_after(user, settings):
    settings.JOB_RATE_LIMIT_PER_MINUTE = 3
    for steps in range(1, 4):
        background.enqueue(user=user, type="diagnostic.warmup", params={"steps": steps})
    with pytest.raises(RateLimited) as error:
        background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 99})
    assert 1 <= error.value.retry_after <= 61
    # An identical request for an active job is not a new job, so it is not limited.
    existing, created = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1})
    assert not created
    # Other users have their own budget.
    background.enqueue(user=UserFactory(), type="diagnostic.warmup", params={"steps": 1})


# --- running -----------------------------------------------------------------------------------


def test_run_goes_queued_running_succeeded_with_monotonic_progress(user, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 0
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"steps": 4, "step_seconds": 0})
    with django_capture_on_commit_callbacks(execute=True):
        finished = background.run(job.pk, worker="unit@test")
    assert finished.status == Status.SUCCEEDED
    job.refresh_from_db()
    assert (job.progress, job.attempts, job.result, job.worker) == (100, 1, {"steps": 4, "attempts": 1}, "unit@test")
    assert job.started_at <= job.finished_at and job.duration_seconds >= 0
    assert [entry["outcome"] for entry in job.attempt_log] == ["succeeded"]
    types = event_types(user, job)
    assert types[0] == "job.created" and types[-1] == "job.completed" and types.count("job.completed") == 1
    progress = [event.data["progress"] for event in Event.objects.filter(owner=user, type="job.progress")]
    assert progress == sorted(progress) and progress[-1] == 100


def test_progress_never_goes_backwards(user, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 0
    job, _ = enqueue_committed(
        django_capture_on_commit_callbacks, user=user, type="test.progress_sequence", params={"values": [10, 30, 20, 5, 60, 250]}
    )
    background.run(job.pk)
    reported = [event.data["progress"] for event in Event.objects.filter(owner=user, type="job.progress")]
    assert reported == sorted(reported)
    assert max(reported) == 100  # 250 is clamped
    assert 20 not in reported and 5 not in reported


def test_progress_is_throttled(user, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 3600
    job, _ = enqueue_committed(
        django_capture_on_commit_callbacks, user=user, type="test.progress_sequence", params={"values": list(range(1, 99))}
    )
    background.run(job.pk)
    # One "Started" event, the first reported value, then nothing until the final transition.
    progress_events = Event.objects.filter(owner=user, type="job.progress")
    assert [event.data["progress"] for event in progress_events] == [0, 1]
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED and job.progress == 100


def test_bad_input_fails_at_once_without_retry(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"fail_with": "bad_input"})
    task_id = job.celery_task_id
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.attempts == 1
    assert job.error["code"] == "diagnostic_bad_input"
    assert job.celery_task_id == task_id  # not dispatched again
    assert event_types(user, job)[-1] == "job.failed"


def test_parameters_the_handler_does_not_take_are_bad_input(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"colour": "red"})
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.attempts == 1 and job.error["code"] == "invalid_params"


def test_soft_time_limit_fails_the_job_with_time_limit(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="test.soft_time_limit")
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.attempts == 1 and job.error["code"] == "time_limit"


def test_unexpected_exception_fails_with_a_generic_code(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="test.crash")
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error["code"] == "internal_error"
    assert "secret internals" not in str(job.error)


def test_transient_error_is_retried_with_backoff_then_succeeds(user, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 0
    job, _ = enqueue_committed(
        django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup",
        params={"steps": 1, "step_seconds": 0, "fail_with": "transient", "fail_attempts": 1},
    )
    first_task = job.celery_task_id
    before = timezone.now()
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.attempts == 1
    assert job.celery_task_id != first_task  # a new message, with a countdown
    assert job.dispatched_at > before  # due after its backoff
    assert job.attempt_log[0]["outcome"] == "retry" and job.attempt_log[0]["error"]["code"] == "diagnostic_transient"
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED and job.attempts == 2
    assert [entry["outcome"] for entry in job.attempt_log] == ["retry", "succeeded"]


@pytest.mark.parametrize("job_type, code", [("test.always_transient", "upstream_503"), ("test.connection_error", "transient_error")])
def test_transient_errors_stop_after_max_attempts(user, django_capture_on_commit_callbacks, settings, job_type, code):
    settings.JOB_MAX_ATTEMPTS = 3
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type=job_type)
    for _ in range(5):  # extra deliveries do nothing once the job is final
        background.run(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.attempts == 3
    assert job.error["code"] == code
    assert [entry["outcome"] for entry in job.attempt_log] == ["retry", "retry", "failed"]
    assert event_types(user, job).count("job.failed") == 1


def test_retry_delay_is_exponential_with_jitter_and_capped(settings):
    settings.JOB_RETRY_BACKOFF_BASE = 2.0
    settings.CELERY_MAX_RETRY_COUNTDOWN = 300
    for attempt in (1, 2, 3, 5):
        delays = {background.retry_delay(attempt) for _ in range(50)}
        assert all(2**attempt / 2 <= delay <= 2**attempt for delay in delays)
        assert len(delays) > 1  # jitter
    assert background.retry_delay(20) <= 300


def test_second_delivery_of_the_same_message_does_the_work_once(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0})
    assert background.run(job.pk) is not None
    assert background.run(job.pk) is None
    job.refresh_from_db()
    assert job.attempts == 1 and event_types(user, job).count("job.completed") == 1


def test_delivery_while_another_runner_is_alive_is_a_no_op(user):
    job = BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert background.run(job.pk) is None
    job.refresh_from_db()
    assert job.status == Status.RUNNING and job.attempts == 1


def test_delivery_after_the_runner_died_takes_the_job_over(user, settings):
    job = BackgroundJobFactory(
        owner=user, status=Status.RUNNING, attempts=1, params={"steps": 1, "step_seconds": 0},
        heartbeat_at=timezone.now() - timedelta(hours=1), attempt_log=[{"attempt": 1, "started_at": "x"}],
    )
    finished = background.run(job.pk)
    assert finished.status == Status.SUCCEEDED and finished.attempts == 2
    assert [entry["outcome"] for entry in finished.attempt_log] == ["worker_lost", "succeeded"]


def test_a_superseded_attempt_neither_progresses_nor_finishes(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="test.taken_over")
    assert background.run(job.pk) is None
    job.refresh_from_db()
    assert job.status == Status.RUNNING and job.attempts == 2 and job.progress == 0
    assert not Event.objects.filter(owner=user, type__in=["job.completed", "job.failed"]).exists()


def test_transition_out_of_a_final_state_is_refused(user):
    job = BackgroundJobFactory(owner=user, status=Status.SUCCEEDED)
    for target in (Status.RUNNING, Status.FAILED, Status.CANCELLED, Status.QUEUED):
        assert background.transition(job.pk, to=target, expect=set(Status)) is None
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED


# --- cancel ------------------------------------------------------------------------------------


def test_cancelled_queued_job_never_starts(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="diagnostic.warmup", params={"steps": 1})
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = background.request_cancel(user=user, job_id=job.pk)
    assert cancelled.status == Status.CANCELLED
    assert background.run(job.pk) is None
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and job.attempts == 0 and job.started_at is None
    assert event_types(user, job) == ["job.created", "job.cancelled"]


def test_running_job_stops_at_its_next_check(user, django_capture_on_commit_callbacks):
    job, _ = enqueue_committed(django_capture_on_commit_callbacks, user=user, type="test.cancel_self")
    finished = background.run(job.pk)
    assert finished.status == Status.CANCELLED
    assert finished.attempt_log[-1]["outcome"] == "cancelled"
    assert event_types(user, job).count("job.cancelled") == 1


def test_cancelling_twice_is_harmless_and_a_finished_job_is_a_conflict(user, other_user):
    queued = BackgroundJobFactory(owner=user)
    background.request_cancel(user=user, job_id=queued.pk)
    assert background.request_cancel(user=user, job_id=queued.pk).status == Status.CANCELLED
    running = BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    first = background.request_cancel(user=user, job_id=running.pk)
    second = background.request_cancel(user=user, job_id=running.pk)
    assert first.cancel_requested and second.cancel_requested and second.status == Status.RUNNING
    assert event_types(user).count("job.progress") == 1  # one "Cancelling…" event, not two
    done = BackgroundJobFactory(owner=user, status=Status.SUCCEEDED)
    with pytest.raises(Conflict) as error:
        background.request_cancel(user=user, job_id=done.pk)
    assert error.value.code == "job_not_cancellable"
    with pytest.raises(NotFound):
        background.request_cancel(user=other_user, job_id=queued.pk)


@pytest.mark.django_db(transaction=True)
def test_cancel_racing_completion_ends_in_exactly_one_final_state(settings):
    settings.JOB_PROGRESS_MIN_INTERVAL = 0
    user = UserFactory()
    jobs = [
        BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now(), params={"n": n})
        for n in range(15)
    ]

    def complete(job):
        background.transition(job.pk, to=Status.SUCCEEDED, expect={Status.RUNNING}, attempt=1, result={})
        connection.close()

    def cancel(job):
        try:
            background.request_cancel(user=user, job_id=job.pk)
            background.transition(job.pk, to=Status.CANCELLED, expect={Status.RUNNING}, attempt=1)
        except Conflict:
            pass
        finally:
            connection.close()

    threads = []
    for job in jobs:
        threads += [threading.Thread(target=complete, args=(job,)), threading.Thread(target=cancel, args=(job,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for job in jobs:
        job.refresh_from_db()
        assert job.status in (Status.SUCCEEDED, Status.CANCELLED)
        finals = Event.objects.filter(owner=user, type__in=["job.completed", "job.cancelled", "job.failed"], data__job_id=job.pk)
        assert finals.count() == 1
        assert finals.get().type == ("job.completed" if job.status == Status.SUCCEEDED else "job.cancelled")


# --- reaper ------------------------------------------------------------------------------------


def test_reaper_resends_queued_jobs_whose_message_was_lost(user, settings, django_capture_on_commit_callbacks):
    settings.JOB_REDISPATCH_AFTER_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    lost = BackgroundJobFactory(owner=user, created_at=long_ago)  # never dispatched (broker was down)
    waiting = BackgroundJobFactory(owner=user, created_at=long_ago, dispatched_at=timezone.now() + timedelta(seconds=30))
    fresh = BackgroundJobFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=True):
        counts = background.reap()
    assert counts["redispatched"] == 1
    lost.refresh_from_db(), waiting.refresh_from_db(), fresh.refresh_from_db()
    assert lost.celery_task_id and lost.dispatched_at is not None
    assert waiting.celery_task_id == "" and fresh.celery_task_id == ""


def test_reaper_requeues_a_running_job_with_a_stale_heartbeat(user, settings, django_capture_on_commit_callbacks):
    settings.JOB_HEARTBEAT_SECONDS = 10
    stale = BackgroundJobFactory(
        owner=user, status=Status.RUNNING, attempts=1, max_attempts=3, heartbeat_at=timezone.now() - timedelta(seconds=31),
        attempt_log=[{"attempt": 1, "started_at": "t"}],
    )
    alive = BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        counts = background.reap()
    assert counts == {"redispatched": 0, "requeued": 1, "failed": 0}
    stale.refresh_from_db(), alive.refresh_from_db()
    assert stale.status == Status.QUEUED and stale.celery_task_id  # sent again after commit
    assert stale.attempt_log[0]["outcome"] == "worker_lost"
    assert alive.status == Status.RUNNING
    # The next delivery claims it as attempt 2.
    stale.params = {"steps": 1, "step_seconds": 0}
    stale.save(update_fields=["params"])
    assert background.run(stale.pk).attempts == 2


def test_reaper_fails_a_job_that_lost_its_worker_on_every_attempt(user, settings):
    stale = BackgroundJobFactory(
        owner=user, status=Status.RUNNING, attempts=3, max_attempts=3, heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert background.reap()["failed"] == 1
    stale.refresh_from_db()
    assert stale.status == Status.FAILED and stale.error["code"] == "worker_lost"
    assert event_types(user, stale) == ["job.failed"]


def test_reaper_finishes_cancelling_a_dead_job(user):
    stale = BackgroundJobFactory(
        owner=user, status=Status.RUNNING, attempts=1, cancel_requested=True, heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    background.reap()
    stale.refresh_from_db()
    assert stale.status == Status.CANCELLED


def test_claiming_counts_the_attempt_before_work_so_poison_jobs_end(user):
    poison = BackgroundJobFactory(owner=user, status=Status.QUEUED, attempts=3, max_attempts=3)
    assert background.run(poison.pk) is None
    poison.refresh_from_db()
    assert poison.status == Status.FAILED and poison.error["code"] == "worker_lost"


def test_requeue_creates_a_new_job_with_the_same_params(user, django_capture_on_commit_callbacks):
    failed = BackgroundJobFactory(owner=user, status=Status.FAILED, params={"steps": 1})
    with django_capture_on_commit_callbacks(execute=True):
        job = background.requeue(failed.pk)
    assert job.pk != failed.pk and job.params == failed.params and job.status == Status.QUEUED
    with pytest.raises(Conflict):
        background.requeue(job.pk)


def test_hard_time_limit_reported_by_celery_fails_the_running_job(user):
    from celery.exceptions import TimeLimitExceeded
    from celery.signals import task_failure

    from jobly.tasks import run_background_job_task

    job = BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    other = BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    task_failure.send(sender=run_background_job_task, exception=TimeLimitExceeded(4), args=[job.pk], task_id="t")
    task_failure.send(sender=run_background_job_task, exception=ValueError("x"), args=[other.pk], task_id="u")
    job.refresh_from_db(), other.refresh_from_db()
    assert job.status == Status.FAILED and job.error["code"] == "time_limit"
    assert other.status == Status.RUNNING


def test_enqueue_or_extend_adds_ids_to_the_queued_job_and_starts_another_once_it_runs(user):
    def extend(ids, **params):
        return background.enqueue_or_extend(user=user, type="diagnostic.warmup", params={"steps": 1, **params, "ids": ids},
                                            extend="ids")

    job, created = extend([3, 1])
    assert created and job.params == {"steps": 1, "ids": [1, 3]}
    same, created = extend([2, 3])
    assert (same.pk, created) == (job.pk, False)
    job.refresh_from_db()
    assert job.params["ids"] == [1, 2, 3] and job.params_hash == background.params_hash(job.params)
    other, created = extend([9], steps=2)  # other params: another job
    assert created and other.pk != job.pk

    BackgroundJob.objects.filter(pk=job.pk).update(status=Status.RUNNING)  # claimed: its ids are fixed now
    later, created = extend([4])
    assert created and later.params["ids"] == [4]
    job.refresh_from_db()
    assert job.params["ids"] == [1, 2, 3]


def test_enqueue_or_extend_joins_a_queued_job_that_covers_everything(user):
    everything, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1, "ids": None})
    job, created = background.enqueue_or_extend(user=user, type="diagnostic.warmup",
                                                params={"steps": 1, "ids": [5]}, extend="ids")
    assert (job.pk, created) == (everything.pk, False)
    assert BackgroundJob.objects.get(pk=everything.pk).params["ids"] is None
