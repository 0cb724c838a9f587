"""Retention deletes exactly what is past its age (files in storage too), in batches; a second run
deletes nothing; apps add rules of their own."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from jobly import audit, retention
from jobly.models import AuditEntry, BackgroundJob, EmailSend, Event, Profile, ResumeUpload, WebhookDelivery
from tests.factories import (
    BackgroundJobFactory, EmailSendFactory, EventFactory, ProfileFactory, ResumeUploadFactory, WebhookDeliveryFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _upload(profile, *, age_days):
    data = f"resume of {profile.pk} aged {age_days}".encode()
    return ResumeUploadFactory(profile=profile, filename="cv.txt", data=data, draft={"full_name": "Draft"},
                               created_at=NOW - timedelta(days=age_days))


def _aged(model, row, field, days):
    model.objects.filter(pk=row.pk).update(**{field: NOW - timedelta(days=days)})
    return row.pk


@pytest.fixture
def population(user, settings):
    settings.EVENT_RETENTION_DAYS, settings.JOB_RETENTION_DAYS = 7, 30
    settings.RESUME_UPLOAD_RETENTION_DAYS, settings.AUDIT_RETENTION_DAYS = 30, 365
    profile = ProfileFactory(owner=user)
    rows = {"old": {}, "kept": {}}
    rows["old"]["events"] = [_aged(Event, EventFactory(owner=user), "created_at", days) for days in (8, 30)]
    rows["kept"]["events"] = [_aged(Event, EventFactory(owner=user), "created_at", days) for days in (0, 6.9)]
    finished = [BackgroundJobFactory(owner=user, status=status) for status in ("succeeded", "failed", "cancelled")]
    rows["old"]["background_jobs"] = [_aged(BackgroundJob, job, "finished_at", 31) for job in finished]
    recent = BackgroundJobFactory(owner=user, status="succeeded")
    running = BackgroundJobFactory(owner=user, status="running", created_at=NOW - timedelta(days=90))
    queued = BackgroundJobFactory(owner=user, status="queued", created_at=NOW - timedelta(days=90))
    rows["kept"]["background_jobs"] = [_aged(BackgroundJob, recent, "finished_at", 29), running.pk, queued.pk]
    rows["old"]["resume_uploads"] = [_upload(profile, age_days=days).pk for days in (31, 400)]
    rows["kept"]["resume_uploads"] = [_upload(profile, age_days=days).pk for days in (1, 29)]
    rows["old"]["audit_entries"] = [_aged(AuditEntry, audit.record("profile.exported", actor=user), "created_at", 366)]
    rows["kept"]["audit_entries"] = [_aged(AuditEntry, audit.record("profile.exported", actor=user), "created_at", 364)]
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS, settings.EMAIL_LOG_RETENTION_DAYS = 30, 90
    rows["old"]["webhook_deliveries"] = [_aged(WebhookDelivery, WebhookDeliveryFactory(endpoint__owner=user), "created_at", 31)]
    rows["kept"]["webhook_deliveries"] = [_aged(WebhookDelivery, WebhookDeliveryFactory(endpoint__owner=user), "created_at", 29)]
    rows["old"]["email_sends"] = [_aged(EmailSend, EmailSendFactory(user=user), "created_at", 91)]
    rows["kept"]["email_sends"] = [_aged(EmailSend, EmailSendFactory(user=user), "created_at", 89)]
    rows["files_old"] = list(ResumeUpload.objects.filter(pk__in=rows["old"]["resume_uploads"]).values_list("file", flat=True))
    rows["files_kept"] = list(ResumeUpload.objects.filter(pk__in=rows["kept"]["resume_uploads"]).values_list("file", flat=True))
    rows["profile"] = profile
    return rows


MODELS = {"events": Event, "background_jobs": BackgroundJob, "resume_uploads": ResumeUpload, "audit_entries": AuditEntry,
          "webhook_deliveries": WebhookDelivery, "email_sends": EmailSend}


def test_a_run_deletes_exactly_what_is_past_its_age_and_a_second_run_nothing(population, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply_retention(now=NOW, batch_size=1)  # batches of one: the loop is exercised
    assert report == {name: len(ids) for name, ids in population["old"].items()}
    for name, model in MODELS.items():
        assert not model.objects.filter(pk__in=population["old"][name]).exists(), name
        assert set(model.objects.filter(pk__in=population["kept"][name]).values_list("pk", flat=True)) == set(population["kept"][name]), name
    assert not any(default_storage.exists(name) for name in population["files_old"])
    assert all(default_storage.exists(name) for name in population["files_kept"])
    assert Profile.objects.filter(pk=population["profile"].pk).exists()  # a saved profile is never retention's
    assert retention.apply_retention(now=NOW) == {name: 0 for name in MODELS}


def test_ages_are_read_at_run_time_from_settings(population, settings):
    settings.AUDIT_RETENTION_DAYS = 1000
    assert retention.apply_rule("audit_entries", now=NOW) == 0
    settings.AUDIT_RETENTION_DAYS = 100
    assert retention.apply_rule("audit_entries", now=NOW) == 2


def test_a_file_that_cannot_be_deleted_keeps_its_row_for_the_next_run(population, monkeypatch):
    monkeypatch.setattr("jobly.storage.delete_quietly", lambda name, storage=None: False)
    assert retention.apply_rule("resume_uploads", now=NOW) == 0
    assert ResumeUpload.objects.filter(pk__in=population["old"]["resume_uploads"]).count() == 2
    monkeypatch.undo()
    assert retention.apply_rule("resume_uploads", now=NOW) == 2


def test_apps_register_their_own_rules(user, monkeypatch):
    monkeypatch.setattr(retention, "RULES", {})
    retention.register_rule("webhook_deliveries", queryset=lambda: Event.objects.filter(type="job.created"), age_field="created_at", days=3)
    old = _aged(Event, EventFactory(owner=user, type="job.created"), "created_at", 4)
    other = _aged(Event, EventFactory(owner=user, type="job.progress"), "created_at", 4)
    assert retention.apply_retention(now=NOW) == {"webhook_deliveries": 1}
    assert not Event.objects.filter(pk=old).exists() and Event.objects.filter(pk=other).exists()


def test_the_periodic_task_runs_every_rule(population):
    from jobly.tasks import apply_retention_task

    report = apply_retention_task()
    assert set(report) == set(MODELS) and report["background_jobs"] == 3
