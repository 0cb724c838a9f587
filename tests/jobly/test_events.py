"""The event bus: publish stores, fans out only after commit, and old events are cleaned up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly import events
from jobly.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_publish_stores_and_fans_out_after_commit(user, django_capture_on_commit_callbacks):
    seen = []
    events.register_fanout(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            event = events.publish(user, "match.new", {"match_id": 3})
            assert seen == []
        assert Event.objects.get(pk=event.pk).data == {"match_id": 3}
        for callback in callbacks:
            callback()
        assert seen == [event]
    finally:
        events._fanout_hooks.remove(seen.append)


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
