"""Benchmark of background jobs and live events: progress → WebSocket latency, enqueue → start
latency, and the throughput of short jobs on one worker.

Runs under `python -m bench background [--quick]`. Starts its own daphne and Celery worker
subprocesses (tests/processes.py) against a bench database it creates and migrates.
"""

import json
import os
import tempfile
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

from bench.common import row, single_row

TITLE = "Background jobs and live events"
DESCRIPTION = (
    "A Python `websockets` client stands in for the browser (same wire, no rendering). "
    "Progress latency: `JobContext.progress()` called in this process (throttle off) until the frame "
    "arrives on a socket open to a real daphne, one call at a time. Enqueue → start: "
    "`background.enqueue()` until the worker sets `started_at` (commit, broker, claim), one job at a "
    "time, idle worker. Throughput: N one-step warm-up jobs enqueued back to back, one worker process "
    "with one pool process (`-c 1`), from the first enqueue until the last job is final; each job "
    "writes 4 events and fans them out. Throughput is bound by PostgreSQL commit latency (three "
    "commits and eleven queries per job)."
)


def _bench_database_url():
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobly")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/jobly_bench"))


def _ensure_database(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to benchmark against {name!r}: use a database whose name contains 'bench'")
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup():
    url = _bench_database_url()
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if "bench" not in settings.DATABASES["default"]["NAME"]:
        raise SystemExit("Django was already set up on another database; run `python -m bench background` alone")
    call_command("migrate", verbosity=0, interactive=False)
    settings.JOB_RATE_LIMIT_PER_MINUTE = 10**9  # the benchmark is one user enqueueing many jobs
    settings.JOB_PROGRESS_MIN_INTERVAL = 0


def _bench_user():
    from django.contrib.auth import get_user_model

    username = f"bench-{uuid.uuid4().hex[:10]}"
    password = uuid.uuid4().hex
    user = get_user_model().objects.create_user(username=username, password=password)
    return user, password


def _session_cookie(user, password):
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=password)
    return f"sessionid={client.cookies['sessionid'].value}"


def _progress_latency(web, n):
    from django.utils import timezone
    from websockets.sync.client import connect

    from jobly import background
    from jobly.models import BackgroundJob

    user, password = _bench_user()
    job = BackgroundJob.objects.create(
        owner=user, type="diagnostic.warmup", status=BackgroundJob.Status.RUNNING, attempts=1,
        params_hash=uuid.uuid4().hex, heartbeat_at=timezone.now(),
    )
    ctx = background.JobContext(job)
    arrivals, arrived = {}, threading.Condition()
    socket = connect(f"ws://127.0.0.1:{web.port}/ws/events/", origin=web.url,
                     additional_headers={"Cookie": _session_cookie(user, password)}, open_timeout=10)

    def receive():
        try:
            for frame in socket:
                event = json.loads(frame)
                if event.get("type") == "job.progress":
                    with arrived:
                        arrivals[event["data"]["message"]] = time.perf_counter()
                        arrived.notify_all()
        except Exception:
            pass

    reader = threading.Thread(target=receive, daemon=True)
    reader.start()
    samples = []
    try:
        for index in range(n + 5):  # the first 5 warm up connections and caches
            message = f"m{index}"
            sent = time.perf_counter()
            ctx.progress(min(99, 1 + index), message)
            with arrived:
                if not arrived.wait_for(lambda: message in arrivals, timeout=10):
                    raise RuntimeError(f"progress event {message} never arrived on the socket")
            if index >= 5:
                samples.append(arrivals[message] - sent)
    finally:
        socket.close()
    return row("progress call → WebSocket client", samples, "ms", "includes the Event insert and commit", scale=1000, digits=2)


def _wait_final(job_ids, timeout):
    from jobly.models import BackgroundJob

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = BackgroundJob.objects.filter(pk__in=job_ids, status__in=BackgroundJob.ACTIVE_STATUSES).count()
        if not pending:
            return
        time.sleep(0.005)
    raise RuntimeError(f"{pending} background jobs still active after {timeout} s")


def _enqueue_to_start(n):
    from jobly import background
    from jobly.models import BackgroundJob

    user, _ = _bench_user()
    samples = []
    for index in range(n + 3):
        before = time.time()
        job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0})
        _wait_final([job.pk], timeout=60)
        job = BackgroundJob.objects.get(pk=job.pk)
        if index >= 3:
            samples.append(job.started_at.timestamp() - before)
    return row("enqueue → job started on an idle worker", samples, "ms", "commit + Redis + claim", scale=1000, digits=1)


def _throughput(n):
    from django.db.models import Max

    from jobly import background
    from jobly.models import BackgroundJob

    user, _ = _bench_user()
    start = time.time()
    job_ids = []
    for index in range(n):
        # Distinct params (fail_attempts is inert without fail_with) so none is deduplicated.
        job, _ = background.enqueue(user=user, type="diagnostic.warmup", params={"steps": 1, "step_seconds": 0, "fail_attempts": index})
        job_ids.append(job.pk)
    enqueued = time.time() - start
    _wait_final(job_ids, timeout=max(120, n))
    jobs = BackgroundJob.objects.filter(pk__in=job_ids)
    assert jobs.filter(status=BackgroundJob.Status.SUCCEEDED).count() == n, "every benchmark job should succeed"
    last = jobs.aggregate(last=Max("finished_at"))["last"].timestamp()
    return [
        single_row(f"throughput of {n:,} one-step jobs, one worker (-c 1)", n / (last - start), "jobs/s", n=n),
        single_row(f"enqueue rate while filling ({n:,} jobs)", n / enqueued, "jobs/s", n=n, notes="API-free service call"),
    ]


def run(quick=False):
    _setup()
    from tests import processes

    log_dir = tempfile.mkdtemp(prefix="jobly-bench-")
    web = processes.start_web(log_dir)
    worker = processes.start_worker(log_dir, name="benchworker", concurrency=1, queues="default")
    try:
        processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message="bench worker")
        rows = [_progress_latency(web, 50 if quick else 300)]
        rows.append(_enqueue_to_start(10 if quick else 100))
        rows += _throughput(100 if quick else 1000)
    finally:
        worker.stop()
        web.stop()
    return rows
