"""The web tier across processes: WebSockets held by different web processes all get a user's events,
and /metrics adds up every worker process of a server (prometheus_client multiprocess mode)."""

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client import multiprocess
from prometheus_client.parser import text_string_to_metric_families

from jobly import background
from jobly.models import BackgroundJob
from tests import processes
from tests.factories import UserFactory
from tests.integration.test_websocket import open_socket, receive_events

pytestmark = [pytest.mark.integration]

PUBLISH_FROM_ANOTHER_PROCESS = (
    "import sys; from jobly.events import publish; "
    "print(publish(int(sys.argv[1]), 'job.completed', {'job_id': 7, 'progress': 100}).pk)"
)


def publish_in_subprocess(user):
    """Publish from a third process (neither web server), as a Celery worker would."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PUBLISH_FROM_ANOTHER_PROCESS}", str(user.pk)],
        cwd=processes.ROOT, env=processes.process_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def test_sockets_on_two_web_processes_both_receive_an_event_published_elsewhere(transactional_db, process_logs):
    first, second = processes.start_web(process_logs), processes.start_web(process_logs)
    try:
        serving = {child.pid for web in (first, second) for child in web.children()}
        assert len(serving) == 2, "each server runs its own single worker process"
        user, other = UserFactory(), UserFactory()
        with open_socket(first, user) as on_first, open_socket(second, user) as on_second, \
                open_socket(second, other) as bystander:
            event_id = publish_in_subprocess(user)
            for socket in (on_first, on_second):
                received = receive_events(socket, until=lambda events: any(e["id"] == event_id for e in events))
                assert [e["type"] for e in received if e["id"] == event_id] == ["job.completed"]
            with pytest.raises(TimeoutError):
                json.loads(bystander.recv(timeout=1))
    finally:
        first.stop()
        second.stop()


def parse(text):
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


HEALTHZ_OK = frozenset({("route", "healthz"), ("method", "GET"), ("status", "200")})


def healthz_requests(found):
    return found.get(("jobly_http_requests_total", HEALTHZ_OK), 0)


def healthz_requests_per_process(directory):
    """{pid: /healthz requests it answered}, read from each worker process's own counter file."""
    per_process = {}
    for path in Path(directory).glob("counter_*.db"):
        for family in multiprocess.MultiProcessCollector.merge([str(path)]):
            for sample in family.samples:
                if sample.name == "jobly_http_requests_total" and frozenset(sample.labels.items()) == HEALTHZ_OK:
                    per_process[path.stem.rsplit("_", 1)[1]] = sample.value
    return per_process


def test_metrics_add_up_every_worker_process_and_a_real_background_job(transactional_db, process_logs, tmp_path, live_worker):
    metrics_dir = tmp_path / "prometheus"
    web = processes.start_web(process_logs, workers=2, PROMETHEUS_MULTIPROC_DIR=metrics_dir)
    try:
        assert len(web.children()) == 2
        scrape_url = f"{web.url}/metrics"
        # New connections until both workers have answered some (the kernel picks the accepting one).
        sent = 0
        while len(healthz_requests_per_process(metrics_dir)) < 2 and sent < 400:
            assert httpx.get(f"{web.url}/healthz", timeout=5).status_code == 200
            sent += 1
        per_process = healthz_requests_per_process(metrics_dir)
        assert len(per_process) == 2, f"one process answered all {sent} requests"
        assert sum(per_process.values()) == sent
        for _ in range(6):  # each scrape is answered by either process, and each sees the server's total
            assert healthz_requests(parse(httpx.get(scrape_url, timeout=10).text)) == sent

        user = UserFactory()
        job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0})
        processes.wait_until(lambda: BackgroundJob.objects.get(pk=job.pk).status == "succeeded", timeout=60, message="job done")

        def finished_and_worker_seen():
            found = parse(httpx.get(scrape_url, timeout=10).text)
            done = found.get(("jobly_background_job_duration_seconds_count",
                              frozenset({("type", "diagnostic.warmup"), ("status", "succeeded")})), 0)
            return found if done >= 1 and found.get(("jobly_celery_workers", frozenset()), 0) >= 1 else None

        found = processes.wait_until(finished_and_worker_seen, timeout=30, message="job and worker in the metrics")
        assert found[("jobly_dependency_up", frozenset({("dependency", "database")}))] == 1
        assert found[("jobly_dependency_up", frozenset({("dependency", "redis")}))] == 1
        assert found[("jobly_background_jobs", frozenset({("type", "diagnostic.warmup"), ("status", "succeeded")}))] >= 1
    finally:
        web.stop()
