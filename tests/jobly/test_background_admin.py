"""Admin for background jobs: filters load, and the re-queue action starts failed jobs again."""

import pytest
from django.contrib.auth import get_user_model

from jobly.models import BackgroundJob
from tests.factories import BackgroundJobFactory

pytestmark = pytest.mark.django_db
Status = BackgroundJob.Status


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("ops", "ops@example.com", "ops-pass-123456"))
    return client


def test_requeue_action_starts_failed_jobs_again_and_skips_others(staff_client, user, django_capture_on_commit_callbacks):
    failed = BackgroundJobFactory(owner=user, status=Status.FAILED, params={"steps": 1})
    running = BackgroundJobFactory(owner=user, status=Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/jobly/backgroundjob/",
            {"action": "requeue_jobs", "_selected_action": [failed.pk, running.pk]},
            follow=True,
        )
    text = response.content.decode()
    assert "Re-queued 1 job(s)." in text and "Skipped 1 job(s)" in text
    new = BackgroundJob.objects.exclude(pk__in=[failed.pk, running.pk]).get()
    assert new.status == Status.QUEUED and new.params == failed.params and new.owner == user
    assert new.celery_task_id  # dispatched after commit


@pytest.mark.parametrize("query", ["status__exact=failed", "queue=default", "type=diagnostic.warmup", "q=1"])
def test_job_and_event_changelists_filter(staff_client, user, query):
    BackgroundJobFactory(owner=user, status=Status.FAILED)
    assert staff_client.get(f"/admin/jobly/backgroundjob/?{query}").status_code == 200
    assert staff_client.get("/admin/jobly/event/?type=job.progress").status_code == 200
