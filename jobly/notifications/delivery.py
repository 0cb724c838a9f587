"""Webhook delivery on the worker: claim the row, send once, log the attempt, schedule the retry.

A delivery is claimed by one conditional UPDATE (due, not leased, endpoint active) that takes a lease
of WEBHOOK_LEASE_SECONDS and counts the attempt; only the claimer sends, and only the holder of that
attempt number may record the result. So a task that runs twice sends once, and a worker killed
mid-request leaves a lease that expires, after which the sweeper (Beat) sends the same message again
(same webhook-id, same body): nothing is lost, and a receiver that dedupes on webhook-id sees it once.
Retries wait 60 s, 120 s, 240 s ... up to 1,200 s, as due times in the database (never countdowns).
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jobly import metrics
from jobly.errors import DomainError
from jobly.http import safe_fetch
from jobly.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from jobly.notifications import signing

EXCERPT = 1000
SWEEP_BATCH = 500
OPEN_STATUSES = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.FAILED)


def backoff_seconds(attempts):
    """The wait after failed attempt number `attempts` (1-based): 60, 120, 240, 480, 960, 1200, 1200, ..."""
    base, cap = settings.WEBHOOK_BACKOFF_BASE_SECONDS, settings.WEBHOOK_BACKOFF_MAX_SECONDS
    return min(cap, base * 2 ** min(attempts - 1, 30))


def schedule(delivery_id):
    """Send the delivery task once the current transaction commits."""
    from jobly.notifications.tasks import deliver_webhook_task

    transaction.on_commit(lambda: deliver_webhook_task.apply_async(args=[delivery_id], queue="io"))


def due(now):
    return (Q(status__in=OPEN_STATUSES) & Q(next_attempt_at__lte=now)
            & (Q(leased_until__isnull=True) | Q(leased_until__lt=now)))


def claim(delivery_id, now):
    """Take the delivery for one attempt; returns the attempt number, or None when someone else has it or it is not due.

    The UPDATE filters on the delivery's own columns only: PostgreSQL re-checks those against the row it
    waited for, so of two concurrent claims exactly one changes the row (a join would be checked against
    the old snapshot, and both would win).
    """
    before = WebhookDelivery.objects.filter(pk=delivery_id).values("attempts", "leased_until", "endpoint__is_active").first()
    if before is None:
        return None
    if not before["endpoint__is_active"]:
        WebhookDelivery.objects.filter(due(now), pk=delivery_id).update(
            status=WebhookDelivery.Status.DEAD, last_error="endpoint_disabled", next_attempt_at=None, updated_at=now)
        return None
    # `attempts` as read is part of the condition, so the attempt number this claim gets is known exactly.
    claimed = WebhookDelivery.objects.filter(due(now), pk=delivery_id, attempts=before["attempts"]).update(
        attempts=F("attempts") + 1, leased_until=now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS), updated_at=now)
    if not claimed:
        return None
    number = before["attempts"] + 1
    if before["leased_until"] is not None:
        # The previous attempt's lease ran out without a result: its worker died mid-send. The log says so.
        DeliveryAttempt.objects.get_or_create(delivery_id=delivery_id, number=number - 1, defaults={
            "started_at": before["leased_until"] - timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS),
            "error_code": "worker_lost", "error": "The worker stopped before this attempt finished."})
    return number


def deliver(delivery_id, *, now=None):
    """One attempt of one delivery (the task body). Returns the attempt's outcome, or None for a no-op."""
    now = now or timezone.now()
    number = claim(delivery_id, now)
    if number is None:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    outcome = send_attempt(delivery)
    record_outcome(delivery, number, outcome, now)
    metrics.record_delivery("webhook", "delivered" if outcome["succeeded"] else "failed")
    return outcome


def send_attempt(delivery):
    """POST the body, signed now; returns {status_code, duration_ms, excerpt, error_code, error, succeeded}."""
    endpoint = delivery.endpoint
    headers = signing.signed_headers(endpoint.signing_secrets(), message_id=delivery.message_id, body=delivery.body)
    started = time.monotonic()
    outcome = {"status_code": None, "excerpt": "", "error_code": "", "error": "", "succeeded": False}
    try:
        response = safe_fetch(
            endpoint.url, method="POST", headers=headers, body=delivery.body.encode("utf-8"),
            max_bytes=settings.WEBHOOK_MAX_RESPONSE_BYTES, timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            max_redirects=0, follow_redirects=False, raise_for_status=False, truncate=True,
        )
    except DomainError as error:  # refused address, timeout, connection failure: logged, retried
        outcome.update(error_code=error.code, error=error.message[:300])
    else:
        outcome["status_code"] = response.status
        outcome["excerpt"] = response.content[:EXCERPT].decode("utf-8", "replace")
        outcome["succeeded"] = 200 <= response.status < 300
        if not outcome["succeeded"]:
            outcome["error_code"] = "redirect_not_followed" if 300 <= response.status < 400 else f"http_{response.status}"
    outcome["duration_ms"] = int((time.monotonic() - started) * 1000)
    return outcome


def record_outcome(delivery, number, outcome, now):
    """Log the attempt and move the delivery on; a stale attempt (its lease taken over) records nothing."""
    from jobly.notifications.alerts import disable_endpoint

    with transaction.atomic():
        current = WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk, attempts=number).first()
        if current is None:
            return
        DeliveryAttempt.objects.create(
            delivery=current, number=number, started_at=now, status_code=outcome["status_code"],
            duration_ms=outcome["duration_ms"], response_excerpt=outcome["excerpt"], error_code=outcome["error_code"],
            error=outcome["error"], succeeded=outcome["succeeded"],
        )
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=current.endpoint_id)
        current.leased_until, current.updated_at = None, timezone.now()
        current.last_status_code, current.last_error = outcome["status_code"], outcome["error_code"]
        if outcome["succeeded"]:
            current.status, current.succeeded_at, current.next_attempt_at = WebhookDelivery.Status.SUCCEEDED, timezone.now(), None
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
        else:
            endpoint.consecutive_failures += 1
            endpoint.save(update_fields=["consecutive_failures"])
            gone = outcome["status_code"] == 410
            if gone or number >= settings.WEBHOOK_MAX_ATTEMPTS:
                current.status, current.next_attempt_at = WebhookDelivery.Status.DEAD, None
            else:
                current.status = WebhookDelivery.Status.FAILED
                current.next_attempt_at = now + timedelta(seconds=backoff_seconds(number))
            if gone:
                disable_endpoint(endpoint, reason=WebhookEndpoint.DisabledReason.GONE, now=now)
            elif endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
                disable_endpoint(endpoint, reason=WebhookEndpoint.DisabledReason.FAILING, now=now)
        current.save()


def sweep(*, now=None, inline=False, batch=SWEEP_BATCH):
    """Beat: find due deliveries (new, retry due, or an expired lease of a killed worker) and send each.

    `inline` delivers in this process (tests advance the clock with `now`); otherwise one task each.
    """
    from jobly.notifications.tasks import deliver_webhook_task

    now = now or timezone.now()
    ids = list(WebhookDelivery.objects.filter(due(now)).order_by("next_attempt_at", "id").values_list("id", flat=True)[:batch])
    for delivery_id in ids:
        if inline:
            deliver(delivery_id, now=now)
        else:
            deliver_webhook_task.apply_async(args=[delivery_id], queue="io")
    return len(ids)
