"""The background-job API and pages: list filters, detail, cancel, warm-up, 429, ownership."""

import pytest
from django.utils import timezone

from jobly.models import BackgroundJob
from tests.factories import BackgroundJobFactory

Status = BackgroundJob.Status
pytestmark = pytest.mark.django_db


def test_list_is_newest_first_filtered_and_owned(auth_client, user, other_user):
    old = BackgroundJobFactory(owner=user, status=Status.SUCCEEDED, created_at=timezone.now() - timezone.timedelta(hours=1))
    new = BackgroundJobFactory(owner=user, status=Status.FAILED, type="other.kind")
    BackgroundJobFactory(owner=other_user)
    body = auth_client.get("/api/background-jobs").json()
    assert [row["id"] for row in body["results"]] == [new.pk, old.pk]
    assert [row["id"] for row in auth_client.get("/api/background-jobs?status=succeeded").json()["results"]] == [old.pk]
    assert [row["id"] for row in auth_client.get("/api/background-jobs?type=other.kind").json()["results"]] == [new.pk]


def test_detail_of_another_users_job_is_404(auth_client, other_user):
    foreign = BackgroundJobFactory(owner=other_user)
    assert auth_client.get(f"/api/background-jobs/{foreign.pk}").status_code == 404
    response = auth_client.post(f"/api/background-jobs/{foreign.pk}/cancel")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.QUEUED


def test_cancel_endpoint_cancels_twice_harmlessly_and_409s_when_finished(auth_client, user):
    job = BackgroundJobFactory(owner=user)
    first = auth_client.post(f"/api/background-jobs/{job.pk}/cancel")
    second = auth_client.post(f"/api/background-jobs/{job.pk}/cancel")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["status"] == "cancelled"
    done = BackgroundJobFactory(owner=user, status=Status.SUCCEEDED)
    conflict = auth_client.post(f"/api/background-jobs/{done.pk}/cancel")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "job_not_cancellable"


def test_warmup_answers_202_then_200_for_the_identical_running_job(auth_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = auth_client.post("/api/diagnostics/warmup", {"steps": 2, "step_seconds": 0}, format="json")
    again = auth_client.post("/api/diagnostics/warmup", {"steps": 2, "step_seconds": 0}, format="json")
    assert first.status_code == 202 and again.status_code == 200
    assert set(first.json()) == {"job_id", "type", "status", "message"}
    assert first.json()["status"] == "queued" and again.json()["job_id"] == first.json()["job_id"]


def test_warmup_rejects_bad_params(auth_client):
    response = auth_client.post("/api/diagnostics/warmup", {"steps": 0}, format="json")
    assert response.status_code == 400 and "steps" in response.json()["error"]["details"]


def test_eleventh_job_in_a_minute_is_429_with_retry_after(auth_client, settings):
    settings.JOB_RATE_LIMIT_PER_MINUTE = 10
    codes = [auth_client.post("/api/diagnostics/warmup", {"steps": n + 1}, format="json").status_code for n in range(11)]
    assert codes == [202] * 10 + [429]
    limited = auth_client.post("/api/diagnostics/warmup", {"steps": 50}, format="json")
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 61
    assert limited.json()["error"]["code"] == "rate_limited"


def test_events_endpoint_returns_own_events_after_id(auth_client, user, other_user):
    from jobly.events import publish

    first = publish(user, "job.progress", {"job_id": 1, "progress": 10})
    publish(other_user, "job.progress", {"job_id": 2})
    second = publish(user, "job.completed", {"job_id": 1})
    body = auth_client.get(f"/api/events?after={first.pk}").json()
    assert body["events"] == [second.to_wire()]
    assert set(body["events"][0]) == {"id", "type", "created_at", "data"}
    assert auth_client.get("/api/events?after=-1").status_code == 400
    assert auth_client.get("/api/events?after=x").status_code == 400


def test_background_jobs_page_filters_and_shows_attempts_errors_and_cancel(logged_in_client, user, other_user):
    BackgroundJobFactory(owner=user, status=Status.FAILED, attempts=3, error={"code": "worker_lost", "message": "Gone"})
    BackgroundJobFactory(owner=user, status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    BackgroundJobFactory(owner=other_user, status=Status.FAILED, error={"code": "secret_other", "message": "theirs"})
    page = logged_in_client.get("/background-jobs/").content.decode()
    assert "worker_lost" in page and "3/3" in page and "Cancel" in page and "secret_other" not in page
    failed_only = logged_in_client.get("/background-jobs/?status=failed").content.decode()
    assert "worker_lost" in failed_only and "Cancel</button>" not in failed_only
    empty = logged_in_client.get("/background-jobs/?status=cancelled").content.decode()
    assert "No background jobs matching these filters" in empty
    by_type = logged_in_client.get("/background-jobs/?type=nothing.like.this&status=bogus")
    assert by_type.status_code == 200


def test_page_cancel_button_cancels_own_job_only(logged_in_client, user, other_user):
    mine = BackgroundJobFactory(owner=user)
    theirs = BackgroundJobFactory(owner=other_user)
    logged_in_client.post(f"/background-jobs/{mine.pk}/cancel/")
    logged_in_client.post(f"/background-jobs/{theirs.pk}/cancel/")
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.status == Status.CANCELLED and theirs.status == Status.QUEUED
