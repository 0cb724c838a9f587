"""Request metrics for every page and API call, and the `/metrics` endpoint Prometheus scrapes.

One middleware does both, right after the request id: it answers `/metrics` itself, before the
host and HTTPS checks, because a scraper addresses the container by its internal name over plain
HTTP; the endpoint builds no URL and is guarded by its own token instead. Everything else is
timed and counted by route (the URL pattern's name), method and status.

Who may scrape: with METRICS_TOKEN set, a request with `Authorization: Bearer <token>`. Without
one, nobody in production (404, as if there were no endpoint), and only loopback clients in
development, so `make run` can be scraped locally with no setup.
"""

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

from jobly.errors import error_body
from jobly.metrics import collectors

disable_created_metrics()  # `_created` series double the output and no panel or rule reads them
METRICS_PATH = "/metrics"
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "jobly_http_requests", "HTTP requests answered, by route, method and status.", ["route", "method", "status"]
)
HTTP_LATENCY = Histogram(
    "jobly_http_request_duration_seconds", "Time to answer an HTTP request, by route and method.", ["route", "method"],
    buckets=LATENCY_BUCKETS,
)


def route_of(request):
    """The URL pattern's name (`dashboard`, `api-events`, `admin:index`), never the raw path."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match.route or "unnamed"
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == METRICS_PATH:
            return metrics_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = route_of(request)
        method = request.method if request.method in KNOWN_METHODS else "other"
        HTTP_REQUESTS.labels(route, method, str(response.status_code)).inc()
        HTTP_LATENCY.labels(route, method).observe(elapsed)
        return response


def _is_loopback(address):
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def scrape_refusal(request):
    """None when the request may read the metrics, else the response that refuses it."""
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, supplied = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), token.encode()):
            return None
        response = JsonResponse(
            error_body("not_authenticated", "A valid metrics token is required: Authorization: Bearer <METRICS_TOKEN>."),
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not settings.PRODUCTION and _is_loopback(request.META.get("REMOTE_ADDR", "")):
        return None
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def metrics_response(request):
    refusal = scrape_refusal(request)
    if refusal is not None:
        return refusal
    if request.method not in {"GET", "HEAD"}:
        return JsonResponse(error_body("method_not_allowed", "Use GET."), status=405, headers={"Allow": "GET, HEAD"})
    response = HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class _Scrape:
    """This server's own request metrics (all its worker processes) plus the scrape-time collectors."""

    def collect(self):
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            yield from multiprocess.MultiProcessCollector(None).collect()
        else:
            yield from REGISTRY.collect()
        yield from collectors.collect_all()


def render():
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Scrape())
    return generate_latest(registry)
