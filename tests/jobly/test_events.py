"""The event bus: publish stores, fans out only after commit, and old events are cleaned up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly import events
from jobly.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    """Subscribe handlers for one test; they are removed after it."""
    added = []

    def add(event_type, handler):
        added.append((event_type, events.subscribe(event_type, handler)))

    yield add
    for event_type, handler in added:
        events.unsubscribe(event_type, handler)


def test_publish_stores_and_fans_out_to_subscribers_after_commit(user, subscribed, django_capture_on_commit_callbacks):
    matches, everything, feeds = [], [], []
    subscribed("match.new", matches.append)
    subscribed("*", everything.append)
    subscribed("feed.failed", feeds.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = events.publish(user, "match.new", {"match_id": 3})
        assert matches == everything == []
    assert Event.objects.get(pk=event.pk).data == {"match_id": 3}
    for callback in callbacks:
        callback()
    assert matches == [event] and everything == [event] and feeds == []


def test_subscribing_twice_runs_the_handler_once(user, subscribed, django_capture_on_commit_callbacks):
    seen = []
    subscribed("match.new", seen.append)
    subscribed("match.new", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(user, "match.new", {})
    assert len(seen) == 1


def test_a_failing_subscriber_does_not_stop_the_others(user, subscribed, django_capture_on_commit_callbacks):
    seen = []

    def broken(event):
        raise RuntimeError("subscriber bug")

    subscribed("match.new", broken)
    subscribed("match.new", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        event = events.publish(user, "match.new", {})
    assert seen == [event]


def test_subscribe_refuses_unknown_types_until_an_app_registers_them():
    with pytest.raises(ValueError):
        events.subscribe("job.exploded", print)
    events.register_event_type("scratch.happened")
    try:
        events.subscribe("scratch.happened", print)
    finally:
        events.unsubscribe("scratch.happened", print)
        events.EVENT_TYPES.discard("scratch.happened")


def test_publish_refuses_unknown_types(user):
    with pytest.raises(ValueError):
        events.publish(user, "job.exploded", {})


def test_wire_format(user):
    event = events.publish(user.pk, "job.progress", {"job_id": 1})
    wire = event.to_wire()
    assert set(wire) == {"id", "type", "created_at", "data"} and wire["id"] == event.pk


def test_events_older_than_retention_are_deleted(user, settings):
    settings.EVENT_RETENTION_DAYS = 7
    old = EventFactory(owner=user, created_at=timezone.now() - timedelta(days=8))
    kept = EventFactory(owner=user, created_at=timezone.now() - timedelta(days=6))
    assert events.delete_expired_events(batch=1) == 1
    assert list(Event.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Event.objects.filter(pk=old.pk).exists()
