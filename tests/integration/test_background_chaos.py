"""Killed workers lose nothing (RELIABILITY rows 1, 2, 5): real worker subprocesses, SIGKILL, the reaper.

Workers here run with a 1 s heartbeat and short Celery limits, each on a queue of its own (the
session worker consumes default, io and render); the reaper runs in this process (with the same
heartbeat setting) instead of Celery Beat, so the test controls when it runs.
"""

import signal

import pytest

from jobly import background
from jobly.models import BackgroundJob
from tests import processes
from tests.factories import BackgroundJobFactory, UserFactory

Status = BackgroundJob.Status
pytestmark = [pytest.mark.integration, pytest.mark.slow]
CHAOS_ENV = {
    "JOB_HEARTBEAT_SECONDS": 1, "CELERY_TASK_SOFT_TIME_LIMIT": 15, "CELERY_TASK_TIME_LIMIT": 20,
    "CELERY_MAX_RETRY_COUNTDOWN": 5, "CELERY_VISIBILITY_TIMEOUT": 30,
}


@pytest.fixture
def fast_heartbeat(settings):
    settings.JOB_HEARTBEAT_SECONDS = 1
    settings.JOB_REDISPATCH_AFTER_SECONDS = 3600  # only the stale-heartbeat path is under test here


def start_chaos_worker(process_logs, name, queue):
    worker = processes.start_worker(process_logs, name=name, queues=queue, concurrency=1, **CHAOS_ENV)
    processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message=f"worker {name}")
    return worker


def create_job(user, queue, params):
    job = BackgroundJobFactory(
        owner=user, type="diagnostic.warmup", queue=queue, params=params, params_hash=background.params_hash(params),
    )
    background.dispatch(job.pk)
    return job


def reap_until_final(job_ids, timeout):
    def all_final():
        background.reap()
        return not BackgroundJob.objects.filter(pk__in=job_ids, status__in=BackgroundJob.ACTIVE_STATUSES).exists()

    processes.wait_until(all_final, timeout=timeout, interval=0.5, message=f"jobs {job_ids} to end")


@pytest.mark.parametrize("target", ["pool_child", "whole_worker"])
def test_sigkill_mid_job_ends_in_success_after_recovery(transactional_db, process_logs, fast_heartbeat, target):
    user = UserFactory()
    queue = f"chaos-{target}"
    first = start_chaos_worker(process_logs, f"chaos-{target.replace('_', '')}", queue)
    second = None
    try:
        job = create_job(user, queue, {"steps": 8, "step_seconds": 0.5})
        processes.wait_until(lambda: BackgroundJob.objects.get(pk=job.pk).progress >= 25, timeout=30, message="the job mid-way")
        if target == "pool_child":
            for child in first.children():
                child.send_signal(signal.SIGKILL)
        else:
            first.kill()  # the main process and its pool child
            first.stop()
            second = start_chaos_worker(process_logs, "chaos-replacement", queue)
        reap_until_final([job.pk], timeout=90)
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.stop()
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error
    assert job.attempts == 2
    assert [entry["outcome"] for entry in job.attempt_log] == ["worker_lost", "succeeded"]
    completed = [e for e in job.owner.events.filter(type="job.completed") if e.data["job_id"] == job.pk]
    assert len(completed) == 1


def test_a_job_that_kills_its_worker_every_time_stops_after_three_attempts(transactional_db, process_logs, fast_heartbeat):
    user = UserFactory()
    queue = "chaos-poison"
    worker = start_chaos_worker(process_logs, "chaos-poison", queue)
    try:
        poison = create_job(user, queue, {"fail_with": "crash_worker"})
        canaries = [create_job(user, queue, {"steps": 1, "step_seconds": 0, "fail_attempts": n}) for n in range(5)]
        reap_until_final([poison.pk] + [canary.pk for canary in canaries], timeout=120)
    finally:
        worker.stop()
    poison.refresh_from_db()
    assert poison.status == Status.FAILED and poison.error["code"] == "worker_lost"
    assert poison.attempts == 3
    assert [entry["outcome"] for entry in poison.attempt_log] == ["worker_lost"] * 3
    assert all(BackgroundJob.objects.get(pk=c.pk).status == Status.SUCCEEDED for c in canaries)



def test_a_job_over_its_time_limit_fails_with_time_limit(transactional_db, process_logs, fast_heartbeat):
    """RELIABILITY row 8 (for the job runner): hung work is stopped and recorded; the worker lives on.

    Celery puts the time limits in the message from the *sending* process's settings, so the limits
    are given on this send (the worker's own settings are only the fallback).
    """
    from jobly.tasks import run_background_job_task

    user = UserFactory()
    queue = "chaos-timelimit"
    worker = start_chaos_worker(process_logs, "chaos-timelimit", queue)
    try:
        params = {"steps": 20, "step_seconds": 0.5}
        slow = BackgroundJobFactory(
            owner=user, type="diagnostic.warmup", queue=queue, params=params, params_hash=background.params_hash(params),
        )
        run_background_job_task.apply_async(args=[slow.pk], queue=queue, soft_time_limit=1, time_limit=4)
        after = create_job(user, queue, {"steps": 1, "step_seconds": 0})
        reap_until_final([slow.pk, after.pk], timeout=60)
    finally:
        worker.stop()
    slow.refresh_from_db()
    assert slow.status == Status.FAILED and slow.error["code"] == "time_limit" and slow.attempts == 1
    assert slow.progress < 100
    assert BackgroundJob.objects.get(pk=after.pk).status == Status.SUCCEEDED
