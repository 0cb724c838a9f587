"""Telling the user an endpoint was turned off: a `webhook.disabled` event, and an e-mail from it."""

from django.utils import timezone

from jobly.events import publish
from jobly.models import WebhookEndpoint

DISABLED_EVENT = "webhook.disabled"


def disable_endpoint(endpoint, *, reason, now=None):
    """Turn the (locked) endpoint off and say why; inside the caller's transaction."""
    if not endpoint.is_active:
        return endpoint
    endpoint.is_active = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = now or timezone.now()
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=["is_active", "disabled_reason", "disabled_at", "updated_at"])
    publish(endpoint.owner_id, DISABLED_EVENT, {
        "endpoint_id": endpoint.pk, "url": endpoint.url, "reason": reason,
        "reason_label": WebhookEndpoint.DisabledReason(reason).label, "failures": endpoint.consecutive_failures,
    })
    return endpoint
