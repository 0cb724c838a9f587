"""Tracking's Beat task, called directly, and its declaration (synced with an expiry like every periodic task)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.periodic import REGISTRY, sync_periodic_tasks
from tests.factories import ApplicationFactory
from tracking.tasks import send_reminders_task

pytestmark = pytest.mark.django_db


def test_the_reminder_task_sends_due_reminders_and_reports_counts(user):
    ApplicationFactory(owner=user, status="applied", next_action_due=timezone.now() - timedelta(minutes=1),
                       status_changed_at=timezone.now())
    assert send_reminders_task() == {"next_action_due": 1, "no_response": 0, "ghosted_suggestion": 0}
    assert send_reminders_task()["next_action_due"] == 0


def test_the_reminder_task_is_declared_with_an_expiry(settings):
    from django_celery_beat.models import PeriodicTask

    spec = REGISTRY["tracking.send_reminders"]
    assert spec.task == "tracking.send_reminders" and spec.every_seconds == settings.TRACKING_REMINDER_INTERVAL_SECONDS
    sync_periodic_tasks()
    row = PeriodicTask.objects.get(name="tracking.send_reminders")
    assert row.expire_seconds == spec.every_seconds and row.interval.every == spec.every_seconds


def test_the_thresholds_check_refuses_a_ghosting_delay_shorter_than_the_nudge(settings):
    from tracking.checks import check_reminder_thresholds

    assert check_reminder_thresholds() == []
    settings.TRACKING_GHOSTED_AFTER_DAYS = settings.TRACKING_NO_RESPONSE_DAYS
    assert [error.id for error in check_reminder_thresholds()] == ["tracking.E001"]
