"""The real stack: the web server (gunicorn + uvicorn) serving jobly.asgi and a Celery worker, on PostgreSQL and Redis."""

import signal

import httpx
import pytest

from jobly.models import BackgroundJob
from tests import processes

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_readyz_reports_the_worker_and_a_task_runs_end_to_end(transactional_db, process_logs):
    web = processes.start_web(process_logs)
    # Its own queue, so the ping cannot be taken by another test's worker on the same broker.
    worker = processes.start_worker(process_logs, name="stackworker", queues="default,io,render,stackcheck")
    try:
        def ready():
            response = httpx.get(f"{web.url}/readyz", timeout=5)
            body = response.json()
            return response.status_code == 200 and any(name.startswith("stackworker@") for name in body["checks"]["worker"]["workers"])

        processes.wait_until(ready, timeout=60, message="/readyz to report the worker")

        from jobly.tasks import ping_task

        result = ping_task.apply_async(queue="stackcheck", ignore_result=False)
        # Results are ignored by design; the worker's log shows it ran.
        processes.wait_until(lambda: "jobly.ping" in worker.log() and "succeeded" in worker.log(), timeout=30, message="ping task to succeed")
        assert result.id
    finally:
        worker_code = worker.stop(timeout=60)  # a warm shutdown on a loaded machine can take a while
        web_code = web.stop(timeout=60)
    assert worker_code in (0, -signal.SIGTERM)
    assert web_code in (0, -signal.SIGTERM)
    assert "Traceback" not in worker.log()


def test_a_background_job_started_over_http_succeeds_on_the_worker(transactional_db, live_web, live_worker, user, password):
    with httpx.Client(base_url=live_web.url, timeout=10) as http:
        login_page = http.get("/accounts/login/")
        csrf = http.cookies["csrftoken"]
        response = http.post(
            "/accounts/login/",
            data={"username": user.username, "password": password, "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{live_web.url}/accounts/login/"},
        )
        assert response.status_code == 302, login_page.text[:200]
        started = http.post(
            "/api/diagnostics/warmup",
            json={"steps": 3, "step_seconds": 0.05},
            headers={"X-CSRFToken": http.cookies["csrftoken"], "Referer": live_web.url},
        )
        assert started.status_code == 202, started.text
        job_id = started.json()["job_id"]
        request_id = started.headers["X-Request-ID"]

        def finished():
            body = http.get(f"/api/background-jobs/{job_id}").json()
            return body if body["status"] in {"succeeded", "failed", "cancelled"} else None

        body = processes.wait_until(finished, timeout=60, message="warm-up job to finish")
    assert body["status"] == "succeeded"
    assert body["progress"] == 100
    assert body["result"] == {"steps": 3, "attempts": 1}
    assert BackgroundJob.objects.get(pk=job_id).attempts == 1
    # The worker's log lines for that job carry the id of the request that started it.
    processes.wait_until(lambda: f'"request_id": "{request_id}"' in live_worker.log(), timeout=10, message="request id in worker log")
