"""Reminders fire once: due next actions, no response after N days, ghosting suggestions, even when
Beat runs twice or two runs overlap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.models import Event
from tests.concurrency import run_together
from tests.factories import ApplicationFactory, UserFactory
from tracking.models import Activity
from tracking.services.applications import update_application
from tracking.services.reminders import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def _reminders(kind=None):
    events = Event.objects.filter(type="application.reminder").order_by("id")
    return [event for event in events if kind is None or event.data["kind"] == kind]


def test_a_due_next_action_is_sent_once_even_when_beat_runs_twice(user, now, settings):
    due = ApplicationFactory(owner=user, status="applied", applied_at=now, status_changed_at=now,
                             next_action="Call Ada", next_action_due=now - timedelta(hours=1))
    ApplicationFactory(owner=user, status="applied", applied_at=now, next_action_due=now + timedelta(days=1))
    ApplicationFactory(owner=user, status="rejected", next_action_due=now - timedelta(days=1))  # closed: no nudge
    assert send_reminders(now=now)["next_action_due"] == 1
    assert send_reminders(now=now + timedelta(minutes=5))["next_action_due"] == 0
    events = _reminders("next_action_due")
    assert len(events) == 1 and events[0].data["application_id"] == due.pk and "Call Ada" in events[0].data["message"]
    assert Activity.objects.filter(application=due, kind="reminder").count() == 1


def test_a_new_due_date_gets_its_own_reminder(user, now):
    application = ApplicationFactory(owner=user, status="screening", next_action="Send portfolio",
                                     next_action_due=now - timedelta(hours=1), status_changed_at=now)
    send_reminders(now=now)
    update_application(user=user, application_id=application.pk, next_action_due=now + timedelta(hours=1))
    assert send_reminders(now=now)["next_action_due"] == 0
    assert send_reminders(now=now + timedelta(hours=2))["next_action_due"] == 1
    assert len(_reminders("next_action_due")) == 2


def test_no_response_after_the_configured_days_is_nudged_once(user, now, settings):
    settings.TRACKING_NO_RESPONSE_DAYS = 10
    silent = ApplicationFactory(owner=user, status="applied", applied_at=now - timedelta(days=11),
                                status_changed_at=now - timedelta(days=11))
    ApplicationFactory(owner=user, status="applied", applied_at=now - timedelta(days=9), status_changed_at=now)
    ApplicationFactory(owner=user, status="screening", applied_at=now - timedelta(days=20),
                       first_response_at=now - timedelta(days=15), status_changed_at=now - timedelta(days=15))
    assert send_reminders(now=now)["no_response"] == 1
    assert send_reminders(now=now)["no_response"] == 0
    assert [event.data["application_id"] for event in _reminders("no_response")] == [silent.pk]
    assert "11 days" in _reminders("no_response")[0].data["message"]


def test_a_long_silence_is_suggested_as_ghosted_but_not_moved(user, now, settings):
    settings.TRACKING_GHOSTED_AFTER_DAYS = 30
    silent = ApplicationFactory(owner=user, status="interviewing", applied_at=now - timedelta(days=60),
                                status_changed_at=now - timedelta(days=31))
    ApplicationFactory(owner=user, status="interviewing", status_changed_at=now - timedelta(days=29))
    ApplicationFactory(owner=user, status="offer", status_changed_at=now - timedelta(days=90))  # not awaiting
    assert send_reminders(now=now)["ghosted_suggestion"] == 1
    assert send_reminders(now=now)["ghosted_suggestion"] == 0
    silent.refresh_from_db()
    assert silent.status == "interviewing" and silent.ghost_suggested_at == now  # the user confirms
    assert _reminders("ghosted_suggestion")[0].data["application_id"] == silent.pk


def test_reminders_go_only_to_their_owner(user, now):
    other = UserFactory()
    ApplicationFactory(owner=other, status="applied", next_action_due=now - timedelta(hours=1), status_changed_at=now)
    send_reminders(now=now)
    assert not Event.objects.filter(owner=user).exists()
    assert Event.objects.filter(owner=other, type="application.reminder").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_reminder_once():
    """Two Beat runs at the same moment (two schedulers during a failover): SKIP LOCKED plus the mark in
    the same transaction let each reminder out once."""
    now = timezone.now()
    users = UserFactory.create_batch(3)
    for index in range(60):
        ApplicationFactory(owner=users[index % 3], status="applied", applied_at=now, status_changed_at=now,
                           next_action_due=now - timedelta(minutes=index + 1))
    totals = [result["next_action_due"] for result in run_together([lambda: send_reminders(now=now, batch=7)] * 4)]
    assert sum(totals) == 60 and len(totals) == 4
    events = _reminders("next_action_due")
    assert len(events) == 60 and len({event.data["application_id"] for event in events}) == 60
