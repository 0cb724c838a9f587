"""/metrics: who may scrape it, what it counts (by route, never by raw path), and what it never shows."""

import time

import pytest
import redis as redis_lib
from django.conf import settings
from django.test import Client
from django.urls import resolve
from prometheus_client.parser import text_string_to_metric_families

from jobly import metrics
from jobly.metrics import cluster, collectors
from jobly.models import BackgroundJob
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]
LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}
TOKEN = "metrics-token-0123456789abcdef"


@pytest.fixture(autouse=True)
def _fresh_cluster_counters():
    client = redis_lib.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(cluster.KEY_PREFIX + "*"))
    if keys:
        client.delete(*keys)
    yield


def scrape(client=None, **headers):
    response = (client or Client()).get("/metrics", **{**LOOPBACK, **headers})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def samples(text, name):
    """{frozenset(labels.items()): value} of every sample called `name`."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                found[frozenset(sample.labels.items())] = sample.value
    return found


def value(text, name, **labels):
    return samples(text, name).get(frozenset(labels.items()), 0)


def test_development_scrape_is_open_to_loopback_only():
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="::1").status_code == 200
    refused = Client().get("/metrics", REMOTE_ADDR="192.0.2.10")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_production_without_a_token_has_no_metrics_endpoint(settings):
    settings.PRODUCTION = True
    response = Client().get("/metrics", **LOOPBACK)
    assert response.status_code == 404
    assert response.json()["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_with_a_token_every_other_credential_is_401(settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = Client().get("/metrics", REMOTE_ADDR="192.0.2.10", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"
    assert TOKEN not in response.content.decode()


def test_with_the_token_any_address_may_scrape_even_in_production_with_a_foreign_host(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.PRODUCTION = True
    settings.ALLOWED_HOSTS = ["jobly.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    # Prometheus addresses the container by its internal name, over plain HTTP.
    response = Client().get("/metrics", REMOTE_ADDR="192.0.2.10", HTTP_HOST="web:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert "jobly_dependency_up" in response.content.decode()


def test_scrape_refuses_writes():
    assert Client().post("/metrics", **LOOPBACK).status_code == 405


def test_requests_are_counted_by_route_name_not_raw_path(logged_in_client, user):
    route = resolve("/api/background-jobs/1").view_name
    before = scrape()
    job = BackgroundJob.objects.create(owner=user, type="diagnostic.warmup", params_hash="x")
    for _ in range(3):
        assert logged_in_client.get(f"/api/background-jobs/{job.pk}").status_code == 200
    assert logged_in_client.get("/api/background-jobs/987654321").status_code == 404
    assert logged_in_client.get("/no/such/page-4242").status_code == 404
    after = scrape()

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("jobly_http_requests_total", route=route, method="GET", status="200") == 3
    assert grew("jobly_http_requests_total", route=route, method="GET", status="404") == 1
    assert grew("jobly_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert grew("jobly_http_request_duration_seconds_count", route=route, method="GET") == 4
    label_values = {
        label_value
        for family in text_string_to_metric_families(after)
        for sample in family.samples
        for label_value in sample.labels.values()
    }
    assert not {v for v in label_values if "987654321" in v or "4242" in v or "/" in v}


@pytest.mark.urls("tests.jobly.urls_with_failures")
def test_server_errors_are_counted_with_their_status(auth_client):
    before = scrape()
    auth_client.raise_request_exception = False
    assert auth_client.get("/api/test/boom").status_code == 500
    after = scrape()
    errors = {labels: count for labels, count in samples(after, "jobly_http_requests_total").items() if ("status", "500") in labels}
    assert sum(errors.values()) - sum(
        count for labels, count in samples(before, "jobly_http_requests_total").items() if ("status", "500") in labels) == 1


def test_delivery_and_cache_hooks_count_across_processes_in_redis():
    metrics.record_delivery("webhook", "delivered")
    metrics.record_delivery("webhook", "delivered")
    metrics.record_delivery("email", "failed")
    metrics.record_delivery("webhook", "https://user:pw@hook.example/secret")  # not a code: folded
    metrics.record_cache("dashboard", hit=True)
    metrics.record_cache("dashboard", hit=False)
    text = scrape()
    assert value(text, "jobly_deliveries_total", kind="webhook", outcome="delivered") == 2
    assert value(text, "jobly_deliveries_total", kind="email", outcome="failed") == 1
    assert value(text, "jobly_deliveries_total", kind="webhook", outcome="other") == 1
    assert "hook.example" not in text and "pw@" not in text
    assert value(text, "jobly_cache_requests_total", cache="dashboard", result="hit") == 1
    assert value(text, "jobly_cache_requests_total", cache="dashboard", result="miss") == 1


def test_background_job_durations_are_a_cumulative_histogram():
    for seconds in (0.05, 0.7, 0.7, 42.0, 4000.0):
        cluster.record_background_job("feeds.ingest", "succeeded", seconds)
    cluster.record_background_job("feeds.ingest", "cancelled", None)  # cancelled while queued: no run time
    text = scrape()
    bucket = "jobly_background_job_duration_seconds_bucket"
    assert value(text, bucket, type="feeds.ingest", status="succeeded", le="0.1") == 1
    assert value(text, bucket, type="feeds.ingest", status="succeeded", le="1.0") == 3
    assert value(text, bucket, type="feeds.ingest", status="succeeded", le="60.0") == 4
    assert value(text, bucket, type="feeds.ingest", status="succeeded", le="+Inf") == 5
    assert value(text, "jobly_background_job_duration_seconds_sum", type="feeds.ingest", status="succeeded") == pytest.approx(4043.45)
    assert value(text, "jobly_background_jobs_finished_total", type="feeds.ingest", status="succeeded") == 5
    assert value(text, "jobly_background_jobs_finished_total", type="feeds.ingest", status="cancelled") == 1


def test_background_jobs_stored_are_counted_by_type_and_status(user):
    BackgroundJob.objects.create(owner=user, type="diagnostic.warmup", params_hash="a")
    BackgroundJob.objects.create(owner=user, type="diagnostic.warmup", params_hash="b", status="failed")
    BackgroundJob.objects.create(owner=UserFactory(), type="diagnostic.warmup", params_hash="a", status="failed")
    text = scrape()
    assert value(text, "jobly_background_jobs", type="diagnostic.warmup", status="queued") == 1
    assert value(text, "jobly_background_jobs", type="diagnostic.warmup", status="failed") == 2


def test_queue_depth_is_read_from_the_broker_lists(monkeypatch):
    client = redis_lib.Redis.from_url(settings.REDIS_URL)
    name = "metricscheck"  # a queue no test worker consumes
    client.delete(name, f"{name}\x06\x169")
    client.rpush(name, "a", "b", "c")
    client.rpush(f"{name}\x06\x169", "d")  # kombu's list for priority 9
    monkeypatch.setattr(cluster, "queue_names", lambda: [name, "empty"])
    try:
        text = scrape()
    finally:
        client.delete(name, f"{name}\x06\x169")
    assert value(text, "jobly_celery_queue_length", queue=name) == 4
    assert value(text, "jobly_celery_queue_length", queue="empty") == 0


def test_workers_count_only_recent_heartbeats():
    cluster.record_worker_heartbeat("celery@alive")
    cluster.record_worker_heartbeat("celery@gone", now=time.time() - 60)
    assert value(scrape(), "jobly_celery_workers") == 1


def test_redis_down_still_answers_and_says_so(monkeypatch):
    monkeypatch.setattr(cluster, "_client", redis_lib.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    metrics.record_delivery("webhook", "delivered")  # must not raise
    text = scrape()
    assert value(text, "jobly_dependency_up", dependency="redis") == 0
    assert value(text, "jobly_dependency_up", dependency="database") == 1


def test_database_down_skips_database_collectors(monkeypatch):
    monkeypatch.setattr(collectors, "_database_up", lambda: False)
    text = scrape()
    assert value(text, "jobly_dependency_up", dependency="database") == 0
    assert value(text, "jobly_metrics_collector_up", collector="background_jobs") == 0
    assert not samples(text, "jobly_background_jobs")


def test_a_failing_collector_is_reported_and_does_not_break_the_scrape(monkeypatch):
    monkeypatch.setitem(collectors.COLLECTORS, "broken", collectors.Collector("broken", lambda: 1 / 0, False))
    text = scrape()
    assert value(text, "jobly_metrics_collector_up", collector="broken") == 0
    assert value(text, "jobly_metrics_collector_up", collector="background_jobs") == 1


def test_scrape_holds_no_user_data_or_secrets(settings, logged_in_client, user):
    settings.METRICS_TOKEN = TOKEN
    user.email = "private.person@example.com"
    user.save()
    logged_in_client.get("/", HTTP_AUTHORIZATION="Bearer secret-api-token-value")
    text = scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    for private in (user.username, user.email, settings.SECRET_KEY, TOKEN, "secret-api-token-value", settings.REDIS_URL):
        assert private not in text
