"""Benchmark of webhook delivery: deliveries per second to a local receiver on one worker process, and
event → first delivery attempt latency.

Runs under `python -m bench webhooks [--quick]`. Starts its own Celery worker subprocess against a bench
database it creates and migrates (bench_background's setup), and a local receiver in this process
(tests/servers/webhook_receiver.py) that verifies every signature with `standardwebhooks`.
"""

import tempfile
import time

from bench.bench_background import _bench_user, _setup
from bench.common import row, single_row

TITLE = "Webhook delivery"
DESCRIPTION = (
    "A local receiver in the benchmark process answers 200 at once and verifies each request with the "
    "`standardwebhooks` library. Latency: `publish()` of a `match.new` event (autocommit) until the "
    "receiver has the signed POST (the subscriber creates the delivery, the task goes through Redis, the "
    "worker claims, signs and sends), one event at a time, idle worker. Throughput: N events published "
    "back to back for one endpoint, one worker process with one pool process (`-c 1`, queue io), from "
    "the first publish until every delivery is `succeeded` in the database (claim, POST, "
    "attempt log)."
    " Throughput is bound by PostgreSQL commit latency: about eight queries and four commits per delivery; "
    "the run of 2026-12-02 shared the 2-core machine with other test suites (single queries took ~10 ms)."
)


def _endpoint(receiver):
    from jobly.notifications import endpoints

    user, _ = _bench_user()
    endpoint, secret = endpoints.create_endpoint(user=user, url=receiver.url(), event_types=["match.new"])
    receiver.secrets = [secret]
    return user, endpoint


def _latency(receiver, n):
    from jobly.events import publish

    user, _ = _endpoint(receiver)
    samples = []
    for index in range(n + 3):
        before = len(receiver.received)
        sent = time.time()
        publish(user, "match.new", {"count": 1, "n": index, "matches": []})
        deadline = time.monotonic() + 30
        while len(receiver.received) == before:
            if time.monotonic() > deadline:
                raise RuntimeError("the delivery never reached the receiver")
            time.sleep(0.0005)
        if index >= 3:
            samples.append(receiver.received[before]["at"] - sent)
    return row("event published → first delivery attempt at the receiver", samples, "ms",
               "idle worker, one at a time", scale=1000, digits=1)


def _throughput(receiver, n):
    from jobly.events import publish
    from jobly.models import WebhookDelivery

    user, endpoint = _endpoint(receiver)
    first = len(receiver.received)
    start = time.time()
    for index in range(n):
        publish(user, "match.new", {"count": 1, "n": index, "matches": []})
    published = time.time() - start
    deadline = time.monotonic() + max(120, n)
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    while deliveries.filter(status="succeeded").count() < n:
        if time.monotonic() > deadline:
            raise RuntimeError("deliveries still pending")
        time.sleep(0.05)
    elapsed = max(request["at"] for request in receiver.received[first:]) - start
    verified = sum(1 for request in receiver.received[first:] if all(v is True for v in request["verified"].values()))
    assert verified == n == len(receiver.received) - first, "every delivery arrives once, signed"
    return [
        single_row(f"deliveries of {n:,} events to one endpoint, one worker (-c 1)", n / elapsed, "deliveries/s", n=n),
        single_row(f"publish rate while filling ({n:,} events)", n / published, "events/s", n=n,
                   notes="event + delivery row + task per event"),
    ]


def run(quick=False):
    _setup()
    from tests import processes
    from tests.servers.webhook_receiver import WebhookReceiver

    receiver = WebhookReceiver().start()
    from django.conf import settings

    settings.OUTBOUND_ALLOWED_HOSTS = [receiver.host_port]
    log_dir = tempfile.mkdtemp(prefix="jobly-bench-")
    worker = processes.start_worker(log_dir, name="webhookbench", concurrency=1, queues="io",
                                    OUTBOUND_ALLOWED_HOSTS=receiver.host_port)
    try:
        processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message="bench worker")
        rows = [_latency(receiver, 30 if quick else 200)]
        rows += _throughput(receiver, 100 if quick else 1000)
    finally:
        worker.stop()
        receiver.stop()
    return rows
