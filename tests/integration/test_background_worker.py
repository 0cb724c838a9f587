"""Background jobs on real Celery workers (subprocesses) with PostgreSQL and Redis.

Deadlines passed to `wait_until` are liveness limits, not speed claims.
"""

import re
import threading
import time

import httpx
import pytest

from jobly import background
from jobly.models import BackgroundJob, Event
from jobly.tasks import run_background_job_task
from jobly.tokens import create_token
from tests import processes
from tests.factories import BackgroundJobFactory, UserFactory

Status = BackgroundJob.Status
pytestmark = [pytest.mark.integration]


def wait_final(job_id, timeout=60):
    def final():
        job = BackgroundJob.objects.get(pk=job_id)
        return job if job.is_final else None

    return processes.wait_until(final, timeout=timeout, message=f"background job {job_id} to finish")


def job_events(job):
    return [event for event in Event.objects.filter(owner_id=job.owner_id).order_by("id") if event.data.get("job_id") == job.pk]


def test_job_goes_queued_running_succeeded_with_monotonic_progress(transactional_db, live_worker):
    user = UserFactory()
    job, created = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 5, "step_seconds": 0.6})
    assert created
    job = wait_final(job.pk)
    assert job.status == Status.SUCCEEDED and job.attempts == 1 and job.progress == 100
    assert job.worker.startswith("sessionworker@")
    events = job_events(job)
    assert events[0].type == "job.created" and events[0].data["status"] == "queued"
    assert events[-1].type == "job.completed" and [e.type for e in events].count("job.completed") == 1
    progress = [e.data["progress"] for e in events if e.type == "job.progress"]
    assert len(progress) >= 3 and progress == sorted(progress)
    statuses = [e.data["status"] for e in events]
    assert statuses.index("running") > statuses.index("queued") and statuses[-1] == "succeeded"


def test_transient_failures_retry_and_bad_input_fails_once(transactional_db, live_worker):
    user = UserFactory()
    flaky, _ = background.enqueue(
        user=user, type="diagnostic.warmup",
        params={"steps": 1, "step_seconds": 0, "fail_with": "transient", "fail_attempts": 2},
    )
    always, _ = background.enqueue(
        user=user, type="diagnostic.warmup",
        params={"steps": 1, "step_seconds": 0, "fail_with": "transient", "fail_attempts": 99},
    )
    bad, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"fail_with": "bad_input"})
    flaky, always, bad = wait_final(flaky.pk), wait_final(always.pk), wait_final(bad.pk)
    assert (flaky.status, flaky.attempts) == (Status.SUCCEEDED, 3)
    assert [entry["outcome"] for entry in flaky.attempt_log] == ["retry", "retry", "succeeded"]
    assert (always.status, always.attempts, always.error["code"]) == (Status.FAILED, 3, "diagnostic_transient")
    assert (bad.status, bad.attempts, bad.error["code"]) == (Status.FAILED, 1, "diagnostic_bad_input")


def test_cancelled_queued_job_never_starts_on_the_worker(transactional_db, live_worker):
    user = UserFactory()
    job = BackgroundJobFactory(
        owner=user, type="diagnostic.warmup", params={"steps": 1}, params_hash=background.params_hash({"steps": 1}),
    )
    # The message is in the broker (due in 2 s) when the user cancels.
    task_id = background.dispatch(job.pk, countdown=2)
    background.request_cancel(user=user, job_id=job.pk)
    handled = re.compile(rf"Discarding revoked task: \S+\[{task_id}\]|\[{task_id}\] succeeded")
    processes.wait_until(lambda: handled.search(live_worker.log()), timeout=30,
                         message="the worker to drop (revoked) or no-op the cancelled message")
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and job.attempts == 0 and job.started_at is None


def test_running_job_is_cancelled_at_its_next_check(transactional_db, live_worker):
    user = UserFactory()
    job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 30, "step_seconds": 0.3})
    processes.wait_until(lambda: BackgroundJob.objects.get(pk=job.pk).progress > 0, timeout=30, message="the job to make progress")
    background.request_cancel(user=user, job_id=job.pk)
    job = wait_final(job.pk)
    assert job.status == Status.CANCELLED and job.progress < 100 and job.attempts == 1
    assert [e.type for e in job_events(job)].count("job.cancelled") == 1


def test_the_same_message_delivered_twice_does_the_work_once(transactional_db, live_worker):
    user = UserFactory()
    jobs = []
    for n in range(6):
        job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 2 + n, "step_seconds": 0.2})
        run_background_job_task.apply_async(args=[job.pk], queue="default")  # a duplicate delivery
        jobs.append(job)
    for job in jobs:
        job = wait_final(job.pk)
        assert job.status == Status.SUCCEEDED and job.attempts == 1
        types = [e.type for e in job_events(job)]
        assert types.count("job.completed") == 1 and types.count("job.failed") == 0


@pytest.mark.slow
def test_fifty_concurrent_requests_over_two_processes_let_exactly_the_limit_through(transactional_db, live_web, process_logs):
    second_web = processes.start_web(process_logs)
    try:
        user, bystander = UserFactory(), UserFactory()
        _, key = create_token(user=user, name="burst")
        _, bystander_key = create_token(user=bystander, name="calm")
        # A fixed one-minute window: do not start the burst in the last seconds of a window.
        processes.wait_until(lambda: time.time() % 60 < 50, timeout=15, message="a fresh rate-limit window")
        barrier = threading.Barrier(50)
        answers = []

        def fire(n):
            base = (live_web, second_web)[n % 2].url
            barrier.wait()
            response = httpx.post(f"{base}/api/diagnostics/warmup", json={"steps": n + 1, "step_seconds": 0},
                                  headers={"Authorization": f"Bearer {key}"}, timeout=30)
            answers.append((response.status_code, response.headers.get("Retry-After")))

        threads = [threading.Thread(target=fire, args=(n,)) for n in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        bystander_codes = [
            httpx.post(f"{second_web.url}/api/diagnostics/warmup", json={"steps": n + 1, "step_seconds": 0},
                       headers={"Authorization": f"Bearer {bystander_key}"}, timeout=30).status_code
            for n in range(10)
        ]
    finally:
        second_web.stop()
    codes = sorted(code for code, _ in answers)
    assert codes == [202] * 10 + [429] * 40
    assert all(retry_after and int(retry_after) >= 1 for code, retry_after in answers if code == 429)
    assert BackgroundJob.objects.filter(owner=user).count() == 10
    assert bystander_codes == [202] * 10
