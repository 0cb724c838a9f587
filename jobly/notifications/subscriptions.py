"""Events → notifications: every event becomes one delivery per active endpoint of its owner subscribed
to its type; reminder and endpoint-disabled events become e-mails (subscribed from registration.py)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobly.models import WebhookDelivery, WebhookEndpoint
from jobly.notifications.endpoints import wire_body


def message_id_for(event):
    return f"msg_evt_{event.pk}"


def deliveries_for_event(event):
    """Create the event's deliveries (once: the unique key decides) and send them after commit."""
    from jobly.notifications.delivery import schedule

    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(owner_id=event.owner_id, is_active=True)
                 if event.type in endpoint.event_types]
    if not endpoints:
        return []
    body, now, created = wire_body(event.to_wire()), timezone.now(), []
    for endpoint in endpoints:
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    endpoint=endpoint, event_id=event.pk, message_id=message_id_for(event), event_type=event.type,
                    body=body, next_attempt_at=now)
                schedule(delivery.pk)
        except IntegrityError:  # this event already has its delivery to this endpoint
            continue
        created.append(delivery)
    return created


EMAILED_TYPES = {"application.reminder", "webhook.disabled"}


def on_event(event):
    """Subscribed to every type ("*"): tracking registers `application.reminder` after the core is ready."""
    deliveries_for_event(event)
    if event.type in EMAILED_TYPES:
        from jobly.notifications.tasks import email_for_event_task

        # Reminders and endpoint alerts go out by e-mail from the worker (the task checks preferences).
        email_for_event_task.apply_async(args=[event.pk], queue="io")
