"""The event bus: `publish(user, type, data)` stores an Event and fans it out after commit.

The Event table is the guarantee (replayed with `?after=ID`); live delivery is a hint.
"""

from django.db import transaction

from jobly.fanout import send_to_user
from jobly.models import Event

EVENT_TYPES = {
    "job.created",
    "job.progress",
    "job.completed",
    "job.failed",
    "job.cancelled",
    "match.new",
    "packet.ready",
    "application.status_change",
    "feed.failed",
    "profile.updated",
}
_fanout_hooks = []


def register_fanout(hook):
    """Other channels (webhooks, email digests) subscribe here: hook(event) runs after commit."""
    _fanout_hooks.append(hook)


def publish(user, type, data):
    """Store an Event for the user and fan it out (WebSocket group, hooks) once the transaction commits."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    user_id = user if isinstance(user, int) else user.pk
    event = Event.objects.create(owner_id=user_id, type=type, data=data)

    def fan_out():
        send_to_user(user_id, event.to_wire())
        for hook in _fanout_hooks:
            hook(event)

    transaction.on_commit(fan_out)
    return event


def delete_expired_events(*, now=None, batch=5000):
    """Delete Events older than EVENT_RETENTION_DAYS, in batches (the retention rule "events")."""
    from jobly.retention import apply_rule

    return apply_rule("events", now=now, batch_size=batch)
