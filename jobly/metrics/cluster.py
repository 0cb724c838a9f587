"""Counters kept in Redis, for outcomes that happen in any process on any machine.

Deliveries, finished background jobs and cache lookups happen mostly in Celery workers, which have
no HTTP port to scrape; a per-process registry would lose them. Each outcome is one HINCRBY on the
shared Redis, and every web process exposes the same cluster-wide totals at scrape time. A Redis
flush resets them, which Prometheus' rate() treats as a counter reset. Recording never raises:
a metric must not fail the work it measures.
"""

import logging
import re
import time

import redis
from django.conf import settings
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

logger = logging.getLogger("jobly.metrics")

KEY_PREFIX = "jobly:metrics:"
DELIVERIES = KEY_PREFIX + "deliveries"
CACHE = KEY_PREFIX + "cache"
JOBS_FINISHED = KEY_PREFIX + "jobs_finished"
JOB_DURATIONS = KEY_PREFIX + "job_durations"
WORKERS = KEY_PREFIX + "workers"
# Label values are codes chosen by the code that records them; anything else becomes "other",
# so a caller's mistake can neither explode the series count nor leak text into the metrics.
LABEL_VALUE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,47}$")
FIELD_SEPARATOR = "|"
JOB_DURATION_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)
# Celery workers send a heartbeat every 2 s; one not heard from for this long is counted as gone.
WORKER_SEEN_WITHIN_SECONDS = 10
WORKER_FORGET_AFTER_SECONDS = 86400

_client = None


def client():
    """One client per process (redis-py's pool reconnects after a fork), with short timeouts."""
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    return _client


def label(value):
    value = str(value).lower()
    return value if LABEL_VALUE.match(value) else "other"


def _field(*parts):
    return FIELD_SEPARATOR.join(parts)


def _write(what, commands):
    try:
        pipe = client().pipeline(transaction=False)
        commands(pipe)
        pipe.execute()
    except redis.RedisError as error:
        logger.warning("metric %s not recorded: %s", what, type(error).__name__)


def record_delivery(kind, outcome):
    _write("delivery", lambda pipe: pipe.hincrby(DELIVERIES, _field(label(kind), label(outcome)), 1))


def record_cache(name, *, hit):
    _write("cache", lambda pipe: pipe.hincrby(CACHE, _field(label(name), "hit" if hit else "miss"), 1))


def duration_bucket(seconds):
    for bound in JOB_DURATION_BUCKETS:
        if seconds <= bound:
            return repr(bound)
    return "+Inf"


def record_background_job(job_type, status, duration_seconds=None):
    key = _field(label(job_type), label(status))

    def commands(pipe):
        pipe.hincrby(JOBS_FINISHED, key, 1)
        if duration_seconds is not None:
            seconds = max(0.0, float(duration_seconds))
            pipe.hincrby(JOB_DURATIONS, _field(key, duration_bucket(seconds)), 1)
            pipe.hincrbyfloat(JOB_DURATIONS, _field(key, "sum"), seconds)

    _write("background job", commands)


def record_worker_heartbeat(hostname, *, now=None):
    now = now if now is not None else time.time()

    def commands(pipe):
        pipe.zadd(WORKERS, {str(hostname): now})
        pipe.zremrangebyscore(WORKERS, "-inf", now - WORKER_FORGET_AFTER_SECONDS)

    _write("worker heartbeat", commands)


def _split(raw_field, parts):
    values = raw_field.decode(errors="replace").split(FIELD_SEPARATOR)
    return values if len(values) == parts else None


def _counter(name, documentation, labels, raw):
    family = CounterMetricFamily(name, documentation, labels=labels)
    for raw_field, raw_value in sorted(raw.items()):
        values = _split(raw_field, len(labels))
        if values:
            family.add_metric(values, int(raw_value))
    return family


def _duration_histogram(raw):
    family = HistogramMetricFamily(
        "jobly_background_job_duration_seconds", "Run time of finished background jobs (started to finished), by type and status.",
        labels=["type", "status"],
    )
    series = {}
    for raw_field, raw_value in raw.items():
        values = _split(raw_field, 3)
        if values:
            series.setdefault((values[0], values[1]), {})[values[2]] = float(raw_value)
    for (job_type, status), fields in sorted(series.items()):
        cumulative, buckets = 0, []
        for bound in [*map(repr, JOB_DURATION_BUCKETS), "+Inf"]:
            cumulative += int(fields.get(bound, 0))
            buckets.append((bound, cumulative))
        family.add_metric([job_type, status], buckets, fields.get("sum", 0.0))
    return family


def queue_names():
    from jobly.celery import app

    return [queue.name for queue in app.conf.task_queues or ()]


def _queue_keys(name):
    """Kombu's Redis transport keeps one list per queue and priority step (`name`, `name\\x06\\x163`, ...)."""
    return [name, *(f"{name}\x06\x16{step}" for step in (3, 6, 9))]


def collect(*, now=None):
    """The cluster-wide families, read from Redis in one round trip (raises redis.RedisError when down)."""
    now = now if now is not None else time.time()
    queues = queue_names()
    pipe = client().pipeline(transaction=False)
    for key in (DELIVERIES, CACHE, JOBS_FINISHED, JOB_DURATIONS):
        pipe.hgetall(key)
    for name in queues:
        for key in _queue_keys(name):
            pipe.llen(key)
    pipe.hlen("unacked")
    pipe.zcount(WORKERS, now - WORKER_SEEN_WITHIN_SECONDS, "+inf")
    replies = pipe.execute()
    deliveries, cache, finished, durations = replies[:4]
    lengths = replies[4 : 4 + 4 * len(queues)]
    unacked, workers = replies[-2:]

    queue_length = GaugeMetricFamily("jobly_celery_queue_length", "Messages waiting in each Celery queue (Redis lists).", labels=["queue"])
    for index, name in enumerate(queues):
        queue_length.add_metric([name], sum(lengths[4 * index : 4 * index + 4]))
    return [
        _counter("jobly_deliveries", "Outbound deliveries (webhooks, e-mail) by kind and outcome.", ["kind", "outcome"], deliveries),
        _counter("jobly_cache_requests", "Cache lookups by cache and result (hit or miss).", ["cache", "result"], cache),
        _counter("jobly_background_jobs_finished", "Background jobs that reached an end state, by type and status.", ["type", "status"], finished),
        _duration_histogram(durations),
        queue_length,
        GaugeMetricFamily("jobly_celery_unacked_messages", "Messages delivered to a worker and not yet acknowledged.", value=unacked),
        GaugeMetricFamily(
            "jobly_celery_workers", f"Celery workers heard from in the last {WORKER_SEEN_WITHIN_SECONDS} s.", value=workers
        ),
    ]
