"""Broker and database restarts lose no job (RELIABILITY.md rows 7 and 19).

A private PostgreSQL and Redis (tests/chaos.py) back a real daphne and Celery worker; the test
restarts them mid-work and checks that every job still ends, the reaper recovering what the
restart dropped, and that /readyz names the service while it is down.
"""

import time

import httpx
import pytest

from tests import chaos, processes

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TERMINAL = {"succeeded", "failed", "cancelled"}
CREATE_USER = """
from django.contrib.auth import get_user_model
from jobly.tokens import create_token
user, _ = get_user_model().objects.get_or_create(username="chaos")
print(create_token(user=user, name="chaos")[1])
"""
REAP = "from jobly.background import reap; reap()"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("chaos")
    postgres = chaos.PrivatePostgres(workdir).start()
    postgres.create_database()
    broker = chaos.PrivateRedis(workdir).start()
    env = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": broker.url,
        "JOB_HEARTBEAT_SECONDS": "1",
        "JOB_STALE_HEARTBEATS": "3",
        "JOB_REDISPATCH_AFTER_SECONDS": "5",
        "JOB_RATE_LIMIT_PER_MINUTE": "1000",
        "JOB_RETRY_BACKOFF_BASE": "1.5",
        "DB_CONN_MAX_AGE": "60",
    }
    chaos.manage("migrate", "--noinput", env=env)
    key = chaos.manage("shell", "-c", CREATE_USER, env=env).strip().splitlines()[-1]
    web = processes.start_web(workdir, **env)
    worker = processes.start_worker(workdir, name="chaosworker", **env)
    http = httpx.Client(base_url=web.url, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    processes.wait_until(lambda: http.get("/readyz").status_code == 200, timeout=90, message="chaos stack ready")
    yield {"http": http, "env": env, "postgres": postgres, "broker": broker, "web": web, "worker": worker}
    http.close()
    worker.stop()
    web.stop()
    broker.stop()
    postgres.destroy()


def start_jobs(http, count, *, steps=3, step_seconds=0.4, tag=0):
    ids = []
    for index in range(count):
        response = http.post("/api/diagnostics/warmup", json={"steps": steps, "step_seconds": round(step_seconds + index / 1000 + tag, 3)})
        assert response.status_code == 202, response.text
        ids.append(response.json()["job_id"])
    return ids


def statuses(http, ids):
    return {job_id: http.get(f"/api/background-jobs/{job_id}").json() for job_id in ids}


def wait_terminal_reaping(stack, ids, *, timeout):
    """Poll until every job is final, running the reaper as Beat would between polls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            current = statuses(stack["http"], ids)
            if all(job["status"] in TERMINAL for job in current.values()):
                return current
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        try:
            chaos.manage("shell", "-c", REAP, env=stack["env"], timeout=60)
        except AssertionError:
            pass  # the service may still be coming back
        time.sleep(2)
    raise AssertionError(f"jobs not terminal after {timeout}s: {statuses(stack['http'], ids)}")


def test_redis_restart_loses_no_job_and_workers_resume(stack):
    http = stack["http"]
    ids = start_jobs(http, 8)
    processes.wait_until(lambda: any(job["status"] == "running" for job in statuses(http, ids).values()), timeout=60, message="a running job")
    stack["broker"].stop()
    down = http.get("/readyz")
    assert down.status_code == 503 and "redis" in down.json()["down"]
    time.sleep(3)
    stack["broker"].start()

    final = wait_terminal_reaping(stack, ids, timeout=240)
    assert [job["status"] for job in final.values()] == ["succeeded"] * len(ids), final
    processes.wait_until(lambda: http.get("/readyz").status_code == 200, timeout=90, message="/readyz green after the restart")

    canaries = start_jobs(http, 5, steps=1, step_seconds=0.01, tag=0.5)
    final = wait_terminal_reaping(stack, canaries, timeout=120)
    assert all(job["status"] == "succeeded" for job in final.values()), final


def test_postgres_restart_mid_job_is_survived(stack):
    http = stack["http"]
    [job_id] = start_jobs(http, 1, steps=8, step_seconds=0.5, tag=1)
    processes.wait_until(lambda: http.get(f"/api/background-jobs/{job_id}").json()["status"] == "running", timeout=60, message="job running")
    stack["postgres"].stop()
    down = processes.wait_until(lambda: (r := http.get("/readyz")).status_code == 503 and r, timeout=30, message="/readyz 503")
    assert "database" in down.json()["down"]
    time.sleep(2)
    stack["postgres"].start()

    final = wait_terminal_reaping(stack, [job_id], timeout=180)[job_id]
    assert final["status"] == "succeeded", final
    assert final["attempts"] <= 2
    after = start_jobs(http, 5, steps=1, step_seconds=0.01, tag=2)
    assert all(job["status"] == "succeeded" for job in wait_terminal_reaping(stack, after, timeout=120).values())
