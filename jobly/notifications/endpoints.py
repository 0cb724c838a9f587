"""Webhook endpoints: create, change, delete, rotate the secret, send a test event, re-send a delivery.

Every write is audited ("webhook.endpoint_changed", "webhook.secret_rotated"); the secret is returned
only by create and rotate, for the page or API to show once.
"""

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobly import audit, events
from jobly.errors import Conflict, InvalidInput, NotFound
from jobly.http import FetchRefused, check_url
from jobly.models import WebhookDelivery, WebhookEndpoint
from jobly.notifications import signing

TEST_EVENT_TYPE = "webhook.test"
MAX_ENDPOINTS_PER_USER = 20


def subscribable_types():
    """Every event type a user may subscribe an endpoint to (apps register theirs at start-up)."""
    return sorted(events.EVENT_TYPES - {TEST_EVENT_TYPE})


def clean_endpoint_url(url):
    """The URL gate (shape, scheme, port, IP literals) at submit; every address is checked again when sent."""
    try:
        return check_url(url, resolve=False).url
    except FetchRefused as refused:
        raise FetchRefused(refused.message, code=refused.code, details={"url": [refused.message]}) from refused


def _clean_event_types(event_types):
    if not isinstance(event_types, (list, tuple)) or not event_types:
        raise InvalidInput("Choose at least one event type.", code="invalid", details={"event_types": ["Choose at least one."]})
    unknown = sorted({str(name) for name in event_types} - set(subscribable_types()))
    if unknown:
        raise InvalidInput(f"Unknown event types: {', '.join(unknown)}.", details={"event_types": [f"Unknown: {', '.join(unknown)}."]})
    return sorted(set(event_types))


def _owned(user, endpoint_id, *, lock=False):
    queryset = WebhookEndpoint.objects.for_user(user)
    if lock:
        queryset = queryset.select_for_update()
    endpoint = queryset.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def create_endpoint(*, user, url, event_types, description=""):
    """Returns (endpoint, secret): the secret is shown to the user this once."""
    url = clean_endpoint_url(url)
    event_types = _clean_event_types(event_types)
    with transaction.atomic():
        if WebhookEndpoint.objects.for_user(user).count() >= MAX_ENDPOINTS_PER_USER:
            raise Conflict(f"You have {MAX_ENDPOINTS_PER_USER} webhook endpoints already; remove one first.",
                           code="too_many_endpoints")
        secret = signing.new_secret()
        endpoint = WebhookEndpoint.objects.create(owner=user, url=url, event_types=event_types,
                                                  description=description, secret=secret)
        audit.record("webhook.endpoint_changed", actor=user, target=endpoint,
                     detail={"change": "created", "url": url[:200], "event_types": event_types})
    return endpoint, secret


def update_endpoint(*, user, endpoint_id, **fields):
    """Change url, event_types, description or is_active. Turning an endpoint back on clears its failures."""
    allowed = {"url", "event_types", "description", "is_active"}
    if set(fields) - allowed:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(set(fields) - allowed))}.")
    with transaction.atomic():
        endpoint = _owned(user, endpoint_id, lock=True)
        changed = []
        if "url" in fields:
            fields["url"] = clean_endpoint_url(fields["url"])
        if "event_types" in fields:
            fields["event_types"] = _clean_event_types(fields["event_types"])
        for name, value in fields.items():
            if getattr(endpoint, name) != value:
                setattr(endpoint, name, value)
                changed.append(name)
        if "is_active" in changed:
            if endpoint.is_active:
                endpoint.consecutive_failures, endpoint.disabled_reason, endpoint.disabled_at = 0, "", None
            else:
                endpoint.disabled_reason = WebhookEndpoint.DisabledReason.BY_USER
                endpoint.disabled_at = timezone.now()
        if changed:
            endpoint.updated_at = timezone.now()
            endpoint.save()
            audit.record("webhook.endpoint_changed", actor=user, target=endpoint, detail={"change": "updated", "fields": changed})
    return endpoint


def delete_endpoint(*, user, endpoint_id):
    with transaction.atomic():
        endpoint = _owned(user, endpoint_id, lock=True)
        audit.record("webhook.endpoint_changed", actor=user, target=endpoint, detail={"change": "deleted", "url": endpoint.url[:200]})
        endpoint.delete()


def rotate_secret(*, user, endpoint_id, now=None):
    """A new secret; the old one keeps signing (second signature) for WEBHOOK_SECRET_GRACE_HOURS. Returns (endpoint, secret)."""
    now = now or timezone.now()
    with transaction.atomic():
        endpoint = _owned(user, endpoint_id, lock=True)
        secret = signing.new_secret()
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_valid_until = now + timedelta(hours=settings.WEBHOOK_SECRET_GRACE_HOURS)
        endpoint.secret = secret
        endpoint.updated_at = now
        endpoint.save()
        audit.record("webhook.secret_rotated", actor=user, target=endpoint,
                     detail={"grace_hours": settings.WEBHOOK_SECRET_GRACE_HOURS})
    return endpoint, secret


def _refuse_inactive(endpoint):
    if not endpoint.is_active:
        raise Conflict("This endpoint is turned off; turn it on first.", code="endpoint_disabled")


def wire_body(wire_event):
    """The exact bytes every attempt sends: the event wire format as compact JSON."""
    return json.dumps(wire_event, separators=(",", ":"), ensure_ascii=False, default=str)


def send_test_event(*, user, endpoint_id):
    """A `webhook.test` delivery to this endpoint only, sent by the worker like any other."""
    from jobly.notifications.delivery import schedule

    now = timezone.now()
    with transaction.atomic():
        endpoint = _owned(user, endpoint_id)
        _refuse_inactive(endpoint)
        message_id = f"msg_test_{uuid.uuid4().hex}"
        wire = {"id": message_id, "type": TEST_EVENT_TYPE, "created_at": now.isoformat(),
                "data": {"endpoint_id": endpoint.pk, "message": "A test event from Jobly."}}
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, message_id=message_id, event_type=TEST_EVENT_TYPE,
                                                  body=wire_body(wire), next_attempt_at=now)
        schedule(delivery.pk)
    return delivery


def resend_delivery(*, user, delivery_id):
    """Send a delivery again by hand (same webhook-id and body, so the receiver can tell it is the same)."""
    from jobly.notifications.delivery import schedule

    with transaction.atomic():
        delivery = WebhookDelivery.objects.for_user(user).select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFound("No such delivery.")
        _refuse_inactive(delivery.endpoint)
        if delivery.leased_until and delivery.leased_until > timezone.now():
            raise Conflict("This delivery is being sent right now.", code="delivery_in_flight")
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now())
        schedule(delivery.pk)
    delivery.refresh_from_db()
    return delivery
