"""Secrets never reach logs, events, error bodies or task messages (RELIABILITY.md row 29).

The web server and a worker run with every secret set to a canary string; the test drives
requests that log, fail and run jobs, then searches every output for the canaries.
"""

import httpx
import pytest

from jobly.models import Event
from tests import processes

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CANARIES = {
    "SECRET_KEY": "canary-secret-key-" + "k" * 40,
    "LLM_API_KEY": "canary-llm-api-key-0042",
    "FLOWER_BASIC_AUTH": "ops:canary-flower-pass-0042",
    "SMTP_PASSWORD": "canary-smtp-pass-0042",
    "STORAGE_S3_SECRET_KEY": "canary-s3-secret-0042",
    "WEBHOOK_SIGNING_SECRET": "canary-webhook-secret-0042",
}
SESSION_CANARY = "canarysessioncookie0042canary"
TOKEN_CANARY = "jbl_canary-token-value-0042"


def canaries_in(text):
    values = [*CANARIES.values(), SESSION_CANARY, TOKEN_CANARY, CANARIES["FLOWER_BASIC_AUTH"].split(":")[1]]
    return [value for value in values if value in text]


def test_secret_canaries_appear_nowhere(transactional_db, process_logs, user, password):
    env = {**CANARIES, "LOG_LEVEL": "debug"}
    web = processes.start_web(process_logs, **env)
    worker = processes.start_worker(process_logs, name="canaryworker", **env)
    bodies = []
    try:
        processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message="canary worker")
        with httpx.Client(base_url=web.url, timeout=10) as http:
            bodies.append(http.get("/api/background-jobs", headers={"Authorization": f"Bearer {TOKEN_CANARY}"}).text)
            bodies.append(http.get("/", cookies={"sessionid": SESSION_CANARY}).text)
            bodies.append(http.get("/api/nothing-here").text)
            http.get("/accounts/login/")
            http.post(
                "/accounts/login/",
                data={"username": user.username, "password": password, "csrfmiddlewaretoken": http.cookies["csrftoken"]},
                headers={"Referer": f"{web.url}/accounts/login/"},
            )
            headers = {"X-CSRFToken": http.cookies["csrftoken"], "Referer": web.url}
            bodies.append(http.post("/api/diagnostics/warmup", json={"steps": "many"}, headers=headers).text)
            started = http.post("/api/diagnostics/warmup", json={"steps": 2, "step_seconds": 0}, headers=headers)
            bodies.append(started.text)
            job_id = started.json()["job_id"]
            processes.wait_until(
                lambda: http.get(f"/api/background-jobs/{job_id}").json()["status"] == "succeeded",
                timeout=60,
                message="warm-up to finish",
            )
            bodies.append(http.get("/api/events?after=0").text)
            bodies.append(http.get("/readyz").text)
    finally:
        worker.stop()
        web.stop()
    outputs = {"web log": web.log(), "worker log": worker.log(), "responses": "\n".join(bodies)}
    outputs["events"] = "\n".join(str(event.data) for event in Event.objects.all())
    assert "jobly.access" in outputs["web log"], "the web process logged nothing: the test would prove nothing"
    for where, text in outputs.items():
        assert not canaries_in(text), f"secret canary found in {where}: {canaries_in(text)}"
