"""Benchmark of the web tier: pages and list endpoints under 1, 10 and 32 concurrent logged-in clients,
served BEFORE by one daphne process (as `make run` did) and AFTER by gunicorn + uvicorn workers.

Runs under `python -m bench serving [--quick]`, against its own PostgreSQL database
(`jobly_bench_serving`, kept between runs so both servers see the same data).
"""

import asyncio
import os
import statistics
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

from bench.common import percentile, row

TITLE = "Serving pages and lists in parallel"
DESCRIPTION = (
    "Demo-like data on PostgreSQL: one user with 3 profiles, 3,000 synthetic postings (bench/generate_postings.py), "
    "1,500 matches (top 500 per profile), 6 feeds (2 failing) and 30 background jobs. Each of C clients (an asyncio "
    "httpx client with the user's session cookie, its own connection) sends GET requests back to back, R per "
    "client, to one URL; latency is send → last byte (all clients are built before the first request: building an httpx client takes 17–30 ms of the event loop, which counted into the first requests of the others). BEFORE: one `daphne` process (`--proxy-headers --ping-interval "
    "20 --ping-timeout 40`, as `make run` ran it). AFTER: `gunicorn -c deploy/gunicorn.conf.py` with WEB_CONCURRENCY "
    "uvicorn workers (the default: 2 per core). Before each URL's cells, 4 connections per worker process send 3 "
    "requests each, so every process has compiled the URL's templates. The client runs on the same 2 cores as the server, PostgreSQL "
    "and Redis, and the machine is shared with other work, so absolute numbers are pessimistic and noisy "
    "(`load` is the 1-minute load average when the cell ended). The in-process rows time the same URLs "
    "rendered by Django's test client with no server at all: the floor any server adds to. The database is "
    "VACUUM ANALYZEd before each run, as autovacuum keeps it in production (this machine's PostgreSQL runs "
    "without it): with no statistics the planner misjudged every list query, and with the full-text index's "
    "pending list never merged it took a sequential scan for every search (13 ms a query instead of 2). "
    "Floor: p95 < 200 ms at 10 clients; goal < 50 ms. What the numbers say: docs/OPERATIONS.md ('Serving in parallel')."
)
DATABASE = "jobly_bench_serving"
USERNAME = "bench-serving"
PASSWORD = "bench-serving-password-0123"
URLS = {
    "dashboard": "/",
    "matches page": "/matches/",
    "postings page": "/jobs/",
    "/api/matches": "/api/matches",
    "/api/jobs": "/api/jobs",
    "/api/jobs search": "/api/jobs?q=python+developer",
}
CONCURRENCY = (1, 10, 32)


def _use_own_database():
    if os.environ.get("BENCH_DATABASE_URL"):
        return
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobly")
    os.environ["BENCH_DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{DATABASE}"))


def _demo_like_data():
    """Create the data set once; later runs reuse it (same rows for BEFORE and AFTER)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.bench_matches import _store_postings, _store_profiles
    from bench.generate_postings import generate_postings, generate_profiles
    from jobly.models import BackgroundJob
    from matching.services import matches as services
    from matching.models import Feed

    User = get_user_model()
    user = User.objects.filter(username=USERNAME).first()
    if user is not None:
        return user
    user = User.objects.create_user(username=USERNAME, password=PASSWORD)
    _store_postings(generate_postings(3000, seed=11), "serving")
    _store_profiles(user, generate_profiles(3, seed=11))
    for index in range(6):
        Feed.objects.create(owner=user, url=f"https://feeds{index}.example/jobs.rss", title=f"Feed {index}",
                            consecutive_failures=3 if index < 2 else 0, last_success_at=timezone.now())
    statuses = ["succeeded"] * 24 + ["failed"] * 4 + ["cancelled"] * 2
    BackgroundJob.objects.bulk_create([
        BackgroundJob(owner=user, type="diagnostic.warmup", status=status, params_hash=f"bench-{index}", progress=100)
        for index, status in enumerate(statuses)
    ])
    services.recompute_for_user(user_id=user.pk)
    return user


def _session_cookie():
    from django.test import Client

    client = Client()
    assert client.login(username=USERNAME, password=PASSWORD)
    return client.cookies["sessionid"].value


def _start(kind, log_dir):
    from tests import processes

    if kind == "after":
        from django.conf import settings

        return processes.start_web(log_dir, workers=settings.WEB_CONCURRENCY)
    port = processes.free_port()
    web = processes.ManagedProcess(
        f"daphne-{port}",
        [str(processes.BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "--proxy-headers",
         "--ping-interval", "20", "--ping-timeout", "40", "jobly.asgi:application"],
        processes.process_env(), log_dir,
    )
    web.port, web.url = port, f"http://127.0.0.1:{port}"
    import httpx

    processes.wait_until(lambda: httpx.get(f"{web.url}/health", timeout=1).status_code == 200, timeout=60, message="daphne")
    return web


async def _drive(base_url, path, cookie, clients, per_client):
    import httpx

    latencies, failures = [], 0
    # Every client is built before any request starts: building one (httpx loads a TLS context) blocks the
    # event loop for tens of ms, which counted into the first requests of the clients already sending.
    built = [httpx.AsyncClient(base_url=base_url, cookies={"sessionid": cookie}, timeout=30) for _ in range(clients)]

    async def one_client(client):
        nonlocal failures
        async with client:
            for _ in range(per_client):
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                    failures += response.status_code != 200
                except httpx.HTTPError:  # a timeout or reset counts, with the time it took
                    failures += 1
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one_client(client) for client in built))
    return latencies, failures, time.perf_counter() - started


def _cell(web, path, cookie, clients, per_client, label, name):
    latencies, failures, elapsed = asyncio.run(_drive(web.url, path, cookie, clients, per_client))
    ordered = sorted(latency * 1000 for latency in latencies)
    return {
        "measure": f"{name}, {clients} client{'s' if clients > 1 else ''} ({label})",
        "n": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p5": round(percentile(ordered, 0.05), 1),
        "p95": round(percentile(ordered, 0.95), 1),
        "unit": "ms",
        "notes": f"{len(ordered) / elapsed:.0f} req/s; load {os.getloadavg()[0]:.1f}" + (f"; {failures} not 200" if failures else ""),
    }


def _in_process_costs(n):
    """Each URL rendered by Django in this process, no server: what a request costs before serving."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    assert client.login(username=USERNAME, password=PASSWORD)
    rows = []
    for name, path in URLS.items():
        client.get(path)
        samples = []
        for _ in range(n):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                samples.append(time.perf_counter() - started)
        rows.append(row(f"{name}, in process (no server)", samples, "ms",
                        f"{len(queries)} queries; {len(response.content) // 1024} KiB", scale=1000, digits=1))
    return rows


def run(quick=False):
    _use_own_database()
    from bench.bench_background import _setup

    _setup()
    import logging

    from django.conf import settings

    logging.getLogger("httpx").setLevel(logging.WARNING)  # a JSON log line per request would load the client
    settings.MATCH_INDEX_DIR = tempfile.mkdtemp(prefix="jobly-bench-serving-")
    _demo_like_data()
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum keeps up in production: statistics, visibility, GIN pending lists
        cursor.execute("VACUUM ANALYZE")
    cookie = _session_cookie()
    rows = _in_process_costs(10 if quick else 50)
    log_dir = tempfile.mkdtemp(prefix="jobly-bench-serving-")
    # Per URL, BEFORE then AFTER, each on a freshly started server, so a drift in the machine's load
    # (it is shared) hits both alike, and daphne's per-thread connections (see docs/OPERATIONS.md,
    # "Database connections") are closed before the other server runs.
    labels = {"before": "before: 1 daphne", "after": f"after: {settings.WEB_CONCURRENCY} workers"}
    for name, path in URLS.items():
        for kind, label in labels.items():
            web = _start(kind, log_dir)
            try:
                # Warm every worker process, not only the first two to accept: each compiles the URL's templates
                # and imports its views on its first request (hundreds of ms), which belongs to no steady state.
                asyncio.run(_drive(web.url, path, cookie, 4 * settings.WEB_CONCURRENCY, 3))
                for clients in CONCURRENCY:
                    per_client = max(5 if quick else 10, (40 if quick else 200) // clients)
                    rows.append(_cell(web, path, cookie, clients, per_client, label, name))
            finally:
                web.stop()
    return rows
