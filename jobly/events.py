"""The event bus: `publish(user, type, data)` stores an Event and fans it out after commit.

Fan-out goes to the user's WebSocket group and to every handler that `subscribe(type, handler)`
registered (apps do it in `AppConfig.ready()`). The Event table is the guarantee (replayed with
`?after=ID`); live delivery is a hint.
"""

import logging

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
    "interview_prep.ready",
    "application.status_change",
    "feed.failed",
    "profile.updated",
}
ALL_TYPES = "*"
logger = logging.getLogger("jobly.events")
_subscribers = {}  # event type (or ALL_TYPES) -> handlers, in subscription order


def register_event_type(event_type):
    """Declare an event type an app publishes (from its AppConfig.ready()); publish refuses unknown ones."""
    EVENT_TYPES.add(event_type)


def subscribe(event_type, handler):
    """Run `handler(event)` after each transaction that publishes `event_type` commits ("*": every type).

    Subscribing the same handler twice keeps one (ready() can run more than once in tests). A
    handler that raises is logged and skipped: it never breaks the publisher or other handlers.
    """
    if event_type != ALL_TYPES and event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    handlers = _subscribers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)
    return handler


def unsubscribe(event_type, handler):
    handlers = _subscribers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)


def publish(user, type, data):
    """Store an Event for the user and fan it out (WebSocket group, subscribers) once the transaction commits."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    user_id = user if isinstance(user, int) else user.pk
    event = Event.objects.create(owner_id=user_id, type=type, data=data)
    transaction.on_commit(lambda: _fan_out(event))
    return event


def _fan_out(event):
    send_to_user(event.owner_id, event.to_wire())
    for handler in [*_subscribers.get(event.type, []), *_subscribers.get(ALL_TYPES, [])]:
        try:
            handler(event)
        except Exception:
            logger.exception("event subscriber %s failed on %s", getattr(handler, "__qualname__", handler), event.type)


def delete_expired_events(*, now=None, batch=5000):
    """Delete Events older than EVENT_RETENTION_DAYS, in batches (the retention rule "events")."""
    from jobly.retention import apply_rule

    return apply_rule("events", now=now, batch_size=batch)
