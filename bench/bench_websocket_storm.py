"""Benchmark of a WebSocket connection storm (RELIABILITY.md row 15): do Redis connections or daphne
memory leak when hundreds of sockets open and close in a few seconds?

Runs under `python -m bench websocket_storm [--quick]`. Starts a private redis-server (tests/chaos.py)
so `CLIENT LIST` counts only this daphne's connections, and a daphne on the bench database.
"""

import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.common import single_row

TITLE = "WebSocket connection storm"
DESCRIPTION = (
    "Per round, 500 authenticated sockets to `/ws/events/` of one real daphne are opened and closed, "
    "paced to about 10 s (at most 50 new sockets per second, 20 client threads; each socket waits for "
    "the server's accept, holds 0.2 s, closes cleanly); 3 rounds. daphne uses its own private "
    "redis-server (the channel layer), so `CLIENT LIST` counts only its connections (minus the "
    "sampler's own). Clients are sampled before each round, just after it, and until back within "
    "baseline ± 5 (30 s deadline); the RSS of the web worker process (one uvicorn worker under gunicorn; daphne before) is read with psutil. A warm-up storm of the same size "
    "runs first: channels_redis keeps a pool of connections as large as the peak of concurrent sockets, "
    "so the baseline is taken after it (its row shows the cold count too). RELIABILITY's pass criterion: "
    "clients back to baseline ± 5 within 30 s after each round, RSS growth < 50 MB over 3 rounds."
)

SOCKETS_PER_ROUND = 500
ROUND_SECONDS = 10.0
THREADS = 20
HOLD_SECONDS = 0.2
SETTLE_DEADLINE = 30.0


def _redis_clients(client):
    return len(client.client_list()) - 1  # not counting the sampler's own connection


def _storm(web, cookie, sockets, seconds):
    """Open and close `sockets` sockets paced over `seconds`; return (opened, failed, elapsed)."""
    from websockets.sync.client import connect

    interval = seconds / sockets
    start = time.monotonic()
    lock = threading.Lock()
    counts = {"opened": 0, "failed": 0}

    def one(index):
        delay = start + index * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            with connect(f"ws://127.0.0.1:{web.port}/ws/events/", origin=web.url,
                         additional_headers={"Cookie": cookie}, open_timeout=20, close_timeout=5):
                time.sleep(HOLD_SECONDS)
            key = "opened"
        except Exception:
            key = "failed"
        with lock:
            counts[key] += 1

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(one, range(sockets)))
    return counts["opened"], counts["failed"], time.monotonic() - start


def _settle(client, baseline):
    """Seconds until the client count is back within baseline ± 5 (None after the deadline), last count."""
    start = time.monotonic()
    while True:
        count = _redis_clients(client)
        if abs(count - baseline) <= 5:
            return time.monotonic() - start, count
        if time.monotonic() - start > SETTLE_DEADLINE:
            return None, count
        time.sleep(0.5)


def run(quick=False):
    from tests import chaos

    workdir = tempfile.mkdtemp(prefix="jobly-bench-storm-")
    broker = chaos.PrivateRedis(workdir).start()
    os.environ["REDIS_URL"] = broker.url  # before Django loads settings: the bench's own Redis
    from bench import bench_background

    bench_background._setup()
    import redis

    from tests import processes

    sockets = 100 if quick else SOCKETS_PER_ROUND
    seconds = ROUND_SECONDS / 5 if quick else ROUND_SECONDS
    rounds = 3
    client = redis.Redis.from_url(broker.url)
    web = processes.start_web(workdir, REDIS_URL=broker.url)
    rows = []
    try:
        user, password = bench_background._bench_user()
        cookie = bench_background._session_cookie(user, password)
        daphne = web.children()[0]  # the one uvicorn worker that holds the sockets (not gunicorn's master)
        _storm(web, cookie, 5, 0.5)  # first channel-layer connection, imports, caches
        time.sleep(1)
        cold_clients, cold_rss = _redis_clients(client), daphne.memory_info().rss
        # A first storm fills channels_redis' connection pool (sized by the peak of concurrent
        # sockets, kept open for reuse); the rounds then show whether anything grows beyond it.
        opened, failed, elapsed = _storm(web, cookie, sockets, seconds)
        time.sleep(2)
        baseline_clients = _redis_clients(client)
        rss_start = daphne.memory_info().rss
        rows.append(single_row(
            "warm-up storm: Redis clients after (pool filled)", baseline_clients, "clients", n=opened,
            notes=f"{cold_clients} before it (after 5 sockets); {failed} failed; daphne RSS {cold_rss / 2**20:.1f} → {rss_start / 2**20:.1f} MiB",
            digits=0,
        ))
        settle_times, rates = [], []
        for number in range(1, rounds + 1):
            before = _redis_clients(client)
            opened, failed, elapsed = _storm(web, cookie, sockets, seconds)
            after = _redis_clients(client)
            settled_in, final = _settle(client, before)
            rss = daphne.memory_info().rss
            rates.append(opened / elapsed)
            settle_times.append(settled_in)
            settled = f"back to {final} in {settled_in:.1f} s" if settled_in is not None else f"still {final} after {SETTLE_DEADLINE:.0f} s"
            rows.append(single_row(
                f"round {number}: Redis clients before → just after", after, "clients", n=opened,
                notes=f"before {before}; {settled}; {failed} sockets failed; {opened} opened+closed in {elapsed:.1f} s; daphne RSS {rss / 2**20:.1f} MiB",
                digits=0,
            ))
        rss_end = daphne.memory_info().rss
        rows.append(single_row(
            "Redis clients after the 3 rounds − after warm-up", _redis_clients(client) - baseline_clients, "clients",
            n=rounds, notes=f"after warm-up {baseline_clients}; pass: within ±5 after each round ({'yes' if all(t is not None for t in settle_times) else 'NO'})",
            digits=0,
        ))
        rows.append(single_row(
            "daphne RSS growth over the rounds", (rss_end - rss_start) / 2**20, "MiB", n=rounds,
            notes=f"{rss_start / 2**20:.1f} → {rss_end / 2**20:.1f} MiB; pass: < 50 MB",
        ))
        rows.append(single_row(
            "sockets opened and closed per second", statistics.median(rates), "sockets/s", n=rounds,
            notes="median over rounds; paced, so at most sockets/round ÷ round length",
        ))
    finally:
        web.stop()
        broker.stop()
    return rows
