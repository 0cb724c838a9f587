"""Benchmark of the analytics endpoints through the whole HTTP stack (gunicorn + uvicorn, middleware, session
auth, DRF) on PostgreSQL with 1,000 users, 100,000 applications and 1,000,000 activity entries.

Runs under `python -m bench tracking [--quick]` (quick: 100 users, 10,000 and 100,000). The data is
generated once per bench database by bench/generate_tracking.py (COPY) and reused by later runs.
"""

import threading
import time

import os

from bench.common import row, single_row, time_calls

TITLE = "Application analytics (HTTP, PostgreSQL)"
DESCRIPTION = (
    "Each analytics endpoint requested by one user (100 applications, 1,000 activity entries of their own, among "
    "all users' rows) through the product's web server (gunicorn, 4 uvicorn workers) with a session cookie, "
    "keep-alive httpx client on the same machine, first with the analytics read cache off, then on. "
    "Warm: 20 untimed requests per endpoint first, then N sequential timed requests. Concurrent: 10 clients "
    "(threads, each its own user and connection) request every endpoint in turn at once; p50/p95 per endpoint "
    "over all clients' samples. The 2 cores are shared with other work on this machine (the load average before and after the run "
    "is in the last rows). In process: the same analytics function called directly (Python and PostgreSQL, no "
    "HTTP, no auth), which is what the endpoint adds to the stack's own cost. The first full run generated the "
    "data in 58 s (COPY); the bench database also holds the quick run's 100 users."
)
PREFIX = "bench-tracking"
ENDPOINTS = ["overview", "pipeline", "timeline", "trends", "metrics", "metrics?by=score_band", "health",
             "quick-stats", "anomalies"]
FLOOR_MS = 50
WORKERS = 4  # what `make run` starts on this 2-core machine (WEB_CONCURRENCY: 2 per core)


def _ensure_data(quick):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.generate_tracking import generate
    from tracking.models import Activity, Application

    users, per_user, per_application = (100, 100, 10) if quick else (1000, 100, 10)
    prefix = f"{PREFIX}-{users}"
    existing = list(get_user_model().objects.filter(username__startswith=f"{prefix}-").order_by("id").values_list("id", flat=True))
    if len(existing) == users and Application.objects.filter(owner_id__in=existing[:1]).count() == per_user:
        return existing, 0.0
    start = time.perf_counter()
    ids = generate(users=users, per_user=per_user, activity_per_application=per_application, now=timezone.now(),
                   prefix=prefix)
    elapsed = time.perf_counter() - start
    print(f"generated {Application.objects.count():,} applications and {Activity.objects.count():,} activity entries "
          f"in {elapsed:.0f} s", flush=True)
    return ids, elapsed


def _in_process(user_id, n):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tracking import analytics

    user = get_user_model().objects.get(pk=user_id)
    calls = {
        "overview": lambda: analytics.overview(user, now=timezone.now()),
        "pipeline": lambda: analytics.pipeline_summary(user),
        "timeline": lambda: analytics.activity_over_time(user, now=timezone.now()),
        "trends": lambda: analytics.weekly_trends(user, now=timezone.now()),
        "metrics": lambda: analytics.success_metrics(user, by="source"),
        "metrics?by=score_band": lambda: analytics.success_metrics(user, by="score_band"),
        "health": lambda: analytics.health_score(user, now=timezone.now()),
        "quick-stats": lambda: analytics.quick_stats(user, now=timezone.now()),
        "anomalies": lambda: analytics.anomalies(user, now=timezone.now()),
    }
    return {endpoint: time_calls(calls[endpoint], n, warmup=20)["samples"] for endpoint in ENDPOINTS}


def _load():
    return "load average {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())


def _cookie(user_id):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client.cookies["sessionid"].value


def _timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:200]}")
    return elapsed


def _sequential(web, user_id, n):
    import httpx

    samples = {}
    with httpx.Client(base_url=web.url, cookies={"sessionid": _cookie(user_id)}, timeout=30) as client:
        for endpoint in ENDPOINTS:
            url = f"/api/analytics/{endpoint}"
            for _ in range(20):
                _timed(client, url)
            samples[endpoint] = [_timed(client, url) for _ in range(n)]
    return samples


def _concurrent(web, user_ids, rounds):
    import httpx

    samples = {endpoint: [] for endpoint in ENDPOINTS}
    lock = threading.Lock()
    barrier = threading.Barrier(len(user_ids))
    errors = []

    def client_loop(user_id, cookie):
        try:
            with httpx.Client(base_url=web.url, cookies={"sessionid": cookie}, timeout=60) as client:
                for endpoint in ENDPOINTS:
                    _timed(client, f"/api/analytics/{endpoint}")
                barrier.wait(60)
                for _ in range(rounds):
                    for endpoint in ENDPOINTS:
                        elapsed = _timed(client, f"/api/analytics/{endpoint}")
                        with lock:
                            samples[endpoint].append(elapsed)
        except Exception as error:  # reported after the run
            errors.append(repr(error))

    cookies = [_cookie(user_id) for user_id in user_ids]
    threads = [threading.Thread(target=client_loop, args=(user_id, cookie)) for user_id, cookie in zip(user_ids, cookies)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    if errors:
        raise RuntimeError(f"concurrent clients failed: {errors[:3]}")
    return samples, time.perf_counter() - start


def run(quick=False):
    import logging
    import tempfile

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one log line per client request would cost the client
    from bench.bench_background import _setup

    _setup()
    from tests import processes

    user_ids, generated = _ensure_data(quick)
    log_dir = tempfile.mkdtemp(prefix="jobly-bench-tracking-")
    load_before, first_minute_before = _load(), os.getloadavg()[0]
    rows = []
    n = 50 if quick else 200
    for endpoint, samples in _in_process(user_ids[len(user_ids) // 2], n).items():
        rows.append(row(f"{endpoint}: in process (no HTTP)", samples, "ms", "Python + PostgreSQL", scale=1000, digits=2))
    # The same requests with the analytics read cache off, then on (jobly/cache.py), on fresh web servers.
    for label, seconds in (("no cache", 0), ("read cache", 60)):
        web = processes.start_web(log_dir, workers=WORKERS, READ_CACHE_SECONDS=str(seconds))
        hits_before = _cache_counts()
        try:
            for endpoint, samples in _sequential(web, user_ids[len(user_ids) // 2], n).items():
                rows.append(row(f"GET /api/analytics/{endpoint}, one client, warm, {label}", samples, "ms",
                                f"floor: p95 < {FLOOR_MS} ms", scale=1000, digits=1))
            samples, elapsed = _concurrent(web, user_ids[:10], 5 if quick else 20)
            total = sum(len(values) for values in samples.values())
            for endpoint, values in samples.items():
                rows.append(row(f"GET /api/analytics/{endpoint}, 10 concurrent clients, {label}", values, "ms",
                                "floor: p95 < 200 ms", scale=1000, digits=1))
            rows.append(single_row(f"throughput, 10 concurrent clients, all endpoints, {label}", total / elapsed,
                                   "requests/s", n=total))
        finally:
            web.stop()
        if seconds:
            hits, misses = (after - before for after, before in zip(_cache_counts(), hits_before))
            rate = hits / (hits + misses) if hits + misses else 0.0
            rows.append(single_row("analytics read cache hit rate over the cached runs", 100 * rate, "%", n=hits + misses,
                                   notes="warm-up requests included; every client re-reads unchanged data"))
    rows.append(single_row("machine load before the run (1 / 5 / 15 min)", first_minute_before, "", notes=load_before))
    rows.append(single_row("machine load after the run (1 / 5 / 15 min)", os.getloadavg()[0], "", notes=_load()))
    if generated:
        rows.append(single_row("data generation (COPY)", generated, "s",
                               notes=f"{len(user_ids):,} users, ×100 applications, ×10 activity entries"))
    return rows


def _cache_counts():
    """(hits, misses) of the analytics cache as the metrics hash in Redis has them so far."""
    from jobly.metrics import cluster

    counts = cluster.client().hgetall(cluster.CACHE)
    def count(result):
        return sum(int(value) for key, value in counts.items()
                   if key.decode().startswith("analytics") and key.decode().endswith(result))
    return count("hit"), count("miss")
