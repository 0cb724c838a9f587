"""Liveness (/health, /healthz: no I/O) and readiness (/readyz: database, Redis, a live worker)."""

import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobly.redis import one_off_client

WORKER_PING_TIMEOUT = 1.0


@never_cache
@require_GET
def alive(request):
    return JsonResponse({"status": "ok"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    client = one_off_client(timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def check_worker():
    from jobly.celery import app

    replies = app.control.inspect(timeout=WORKER_PING_TIMEOUT).ping() or {}
    if not replies:
        raise RuntimeError("no Celery worker answered")
    return {"workers": sorted(replies)}


CHECKS = {"database": check_database, "redis": check_redis, "worker": check_worker}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            extra = check() or {}
            results[name] = {"ok": True, **extra}
        except Exception as error:
            results[name] = {"ok": False, "error": type(error).__name__ if name != "worker" else str(error)}
        results[name]["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if name == "redis" and not results[name]["ok"]:
            results["worker"] = {"ok": False, "error": "redis is down, so no worker can be reached", "duration_ms": 0}
            break
    return results


@never_cache
@require_GET
def ready(request):
    results = run_checks()
    down = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "ready" if not down else "unavailable", "checks": results, "down": down}
    return JsonResponse(body, status=200 if not down else 503)
