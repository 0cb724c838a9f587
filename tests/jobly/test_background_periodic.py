"""Periodic tasks declared in code are upserted by name, with expiry = interval."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from jobly import periodic

pytestmark = pytest.mark.django_db


def test_core_periodic_tasks_are_declared_and_synced_with_expiry(settings):
    report = periodic.sync_periodic_tasks()
    assert {"jobly.reap_background_jobs", "jobly.apply_retention", "jobly.backup"} <= set(report["created"])
    backup = PeriodicTask.objects.get(name="jobly.backup")
    assert backup.crontab.hour == str(settings.BACKUP_HOUR) and backup.interval is None
    reaper = PeriodicTask.objects.get(name="jobly.reap_background_jobs")
    assert reaper.task == "jobly.reap_background_jobs"
    assert reaper.interval.every == settings.JOB_REAPER_INTERVAL_SECONDS
    assert reaper.expire_seconds == settings.JOB_REAPER_INTERVAL_SECONDS


def test_sync_updates_in_place_and_keeps_operator_state(monkeypatch):
    monkeypatch.setattr(periodic, "REGISTRY", {})
    periodic.register_periodic("test.every", "jobly.ping", every_seconds=30)
    periodic.sync_periodic_tasks()
    row = PeriodicTask.objects.get(name="test.every")
    row.enabled = False
    row.total_run_count = 7
    row.save()
    periodic.register_periodic("test.every", "jobly.ping", every_seconds=90, queue="io")
    report = periodic.sync_periodic_tasks()
    assert report == {"created": [], "updated": ["test.every"]}
    again = PeriodicTask.objects.get(name="test.every")
    assert again.pk == row.pk and again.interval.every == 90 and again.expire_seconds == 90 and again.queue == "io"
    assert again.enabled is False and again.total_run_count == 7
    assert periodic.sync_periodic_tasks() == {"created": [], "updated": []}


def test_crontab_schedule_and_bad_declarations(monkeypatch):
    monkeypatch.setattr(periodic, "REGISTRY", {})
    periodic.register_periodic("test.nightly", "jobly.ping", crontab={"minute": "0", "hour": "3"})
    periodic.sync_periodic_tasks()
    row = PeriodicTask.objects.get(name="test.nightly")
    assert row.crontab.hour == "3" and row.interval is None and row.expire_seconds == 3600
    with pytest.raises(ValueError):
        periodic.register_periodic("bad", "jobly.ping")
    with pytest.raises(ValueError):
        periodic.register_periodic("bad", "jobly.ping", every_seconds=5, crontab={"minute": "1"})


def test_management_command_reports(capsys):
    call_command("sync_periodic_tasks")
    assert "declared" in capsys.readouterr().out
