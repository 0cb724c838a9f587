"""The applications, analytics, export and calendar-token API: permissions, validation, and the wire."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from jobly.models import Event
from tests.factories import ApplicationFactory, JobFactory, UserFactory
from tracking.models import Activity, Application, Interview

pytestmark = pytest.mark.django_db

ANALYTICS = ["overview", "pipeline", "timeline", "trends", "metrics", "metrics?by=profile", "health", "quick-stats",
             "anomalies"]
EXPORTS = ["applications.csv", "applications.json", "activity.csv", "activity.json"]


def test_tracking_a_posting_twice_returns_the_same_application(auth_client, tracked):
    tracked["application"].delete()
    first = auth_client.post("/api/applications", {"job": tracked["job"].pk}, format="json")
    again = auth_client.post("/api/applications", {"job": tracked["job"].pk}, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    body = first.json()
    assert body["status"] == "saved" and body["match_score"] == 82.4 and body["allowed_moves"] == ["applied", "withdrawn"]


def test_a_posting_entered_by_hand_becomes_a_private_posting_and_an_application(auth_client, user, other_user):
    response = auth_client.post("/api/applications", {"title": "Staff Engineer", "company": "Elsewhere Ltd",
                                                      "url": "https://elsewhere.example/jobs/9", "status": "applied",
                                                      "description": "Found at a meetup."}, format="json")
    assert response.status_code == 201, response.json()
    application = Application.objects.get(pk=response.json()["id"])
    assert application.status == "applied" and application.source == "manual"
    assert application.job.submitted_by == user and application.snapshot.posting_text.startswith("Found at a meetup")
    other = APIClient()
    other.force_authenticate(other_user)
    assert other.get(f"/api/jobs/{application.job_id}").status_code == 404


@pytest.mark.parametrize("body", [
    {}, {"job": 0}, {"job": "x"}, {"title": ""}, {"title": "x" * 301}, {"job": 1, "title": "both"},
    {"title": "Ok", "url": "javascript:alert(1)"}, {"title": "Ok", "status": "interviewing"}, {"title": "Ok", "priority": 9},
])
def test_bad_create_bodies_are_400_and_store_nothing(auth_client, body):
    response = auth_client.post("/api/applications", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["details"]
    assert not Application.objects.exists()


def test_tracking_another_users_pasted_posting_is_404(auth_client, other_user):
    theirs = JobFactory(submitted_by=other_user, content_hash="e" * 64)
    assert auth_client.post("/api/applications", {"job": theirs.pk}, format="json").status_code == 404


def test_status_moves_through_the_api_and_refusals_are_409(auth_client, user):
    application = ApplicationFactory(owner=user, status="applied")
    moved = auth_client.post(f"/api/applications/{application.pk}/status", {"to": "interviewing", "expect": "applied"},
                             format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "interviewing"
    back = auth_client.post(f"/api/applications/{application.pk}/status", {"to": "screening"}, format="json")
    assert back.status_code == 409 and back.json()["error"]["code"] == "transition_not_allowed"
    stale = auth_client.post(f"/api/applications/{application.pk}/status", {"to": "offer", "expect": "applied"},
                             format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "status_changed"
    bad = auth_client.post(f"/api/applications/{application.pk}/status", {"to": "hired!"}, format="json")
    assert bad.status_code == 400


def test_patch_edits_the_fields_and_ignores_read_only_ones(auth_client, user, other_user):
    application = ApplicationFactory(owner=user, status="saved")
    response = auth_client.patch(f"/api/applications/{application.pk}", {
        "notes": "Spoke to Ada", "priority": 3, "next_action": "Send CV", "next_action_due": "2026-07-01T09:00:00Z",
        "contacts": [{"name": "Ada", "role": "Recruiter", "email": "ada@example.com", "link": "https://example.com/ada"}],
        "owner": other_user.pk, "status": "offer", "id": 999, "applied_at": "2020-01-01T00:00:00Z", "match_score": 100,
    }, format="json")
    assert response.status_code == 200, response.json()
    application.refresh_from_db()
    assert (application.owner, application.status, application.applied_at, application.match_score) == (user, "saved", None, None)
    assert application.notes == "Spoke to Ada" and application.priority == 3 and application.contacts[0]["name"] == "Ada"
    assert Activity.objects.get(application=application, kind="edit").data["fields"]


@pytest.mark.parametrize("body", [
    {"priority": 9}, {"next_action_due": "2024-02-30T10:00:00Z"}, {"contacts": [{"email": "not-an-email"}]},
    {"contacts": [{"link": "javascript:alert(1)"}]}, {"contacts": "Ada"}, {"contacts": [{"name": "x"}] * 21},
    {"notes": "a\x00b"}, {"title": ""}, {"url": "x" * 2001},
])
def test_bad_edits_are_400_and_change_nothing(auth_client, user, body):
    application = ApplicationFactory(owner=user, notes="unchanged")
    response = auth_client.patch(f"/api/applications/{application.pk}", body, format="json")
    assert response.status_code == 400, response.content
    application.refresh_from_db()
    assert application.notes == "unchanged" and application.priority == 2 and application.contacts == []


def test_notes_interviews_timeline_and_snapshot(auth_client, user):
    application = ApplicationFactory(owner=user, status="saved")
    note = auth_client.post(f"/api/applications/{application.pk}/notes", {"text": "Met at a fair"}, format="json")
    assert note.status_code == 201 and note.json()["kind"] == "note"
    assert auth_client.post(f"/api/applications/{application.pk}/notes", {"text": ""}, format="json").status_code == 400
    email = auth_client.post(f"/api/applications/{application.pk}/notes", {"text": "Recruiter wrote back", "kind": "email"},
                             format="json")
    assert email.status_code == 201 and email.json()["kind"] == "email"
    assert auth_client.post(f"/api/applications/{application.pk}/notes", {"text": "x", "kind": "status_change"},
                            format="json").status_code == 400
    interview = auth_client.post(f"/api/applications/{application.pk}/interviews",
                                 {"scheduled_at": "2026-07-02T14:00:00Z", "duration_minutes": 30, "kind": "phone"}, format="json")
    assert interview.status_code == 201
    assert auth_client.post(f"/api/applications/{application.pk}/interviews", {"duration_minutes": 30},
                            format="json").status_code == 400
    assert auth_client.get(f"/api/applications/{application.pk}/snapshot").status_code == 404
    auth_client.post(f"/api/applications/{application.pk}/status", {"to": "applied"}, format="json")
    assert auth_client.get(f"/api/applications/{application.pk}/snapshot").json()["posting_title"] == application.title
    kinds = [entry["kind"] for entry in auth_client.get(f"/api/applications/{application.pk}/activities").json()["results"]]
    assert kinds == ["status_change", "snapshot", "interview", "email", "note"]
    assert auth_client.get("/api/interviews").json()["count"] == 1
    assert auth_client.delete(f"/api/interviews/{interview.json()['id']}").status_code == 204
    assert not Interview.objects.exists()


def test_list_filters_share_the_page_form_and_bad_ones_are_400(auth_client, user):
    ApplicationFactory(owner=user, status="applied", source="referral", match_score=90)
    ApplicationFactory(owner=user, status="saved", source="feed", match_score=40)
    ApplicationFactory(owner=UserFactory(), status="applied", source="referral")
    assert auth_client.get("/api/applications").json()["count"] == 2
    assert auth_client.get("/api/applications?status=applied&source=referral").json()["count"] == 1
    assert auth_client.get("/api/applications?min_score=50").json()["count"] == 1
    for bad in ("status=hired", "min_score=101", "applied_since=2024-02-30", "ordering=nope", "priority=7"):
        assert auth_client.get(f"/api/applications?{bad}").status_code == 400, bad


@pytest.mark.parametrize("path", [*[f"/api/analytics/{name}" for name in ANALYTICS],
                                  *[f"/api/analytics/export/{name}" for name in EXPORTS],
                                  "/api/analytics/site", "/api/applications", "/api/interviews", "/api/calendar-token"])
def test_anonymous_callers_are_401(api_client, path):
    assert api_client.get(path).status_code == 401


@pytest.mark.parametrize("name", ANALYTICS)
def test_analytics_count_only_the_callers_applications(auth_client, user, other_user, name):
    ApplicationFactory.create_batch(3, owner=other_user, status="applied", source="their-secret-source",
                                    title="Their secret title")
    body = auth_client.get(f"/api/analytics/{name}").content.decode()
    assert "their-secret-source" not in body and "Their secret title" not in body
    overview = auth_client.get("/api/analytics/overview").json()
    assert overview["totals"]["applications"] == 0


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_carry_only_the_callers_rows(auth_client, user, other_user, name):
    ApplicationFactory(owner=user, title="My own application")
    theirs = ApplicationFactory(owner=other_user, title="Their secret application")
    Activity.objects.create(owner=other_user, application=theirs, kind="note", text="Their secret note")
    response = auth_client.get(f"/api/analytics/export/{name}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert "Their secret" not in body
    if name.startswith("applications"):
        assert "My own application" in body


def test_an_unknown_export_is_404(auth_client):
    assert auth_client.get("/api/analytics/export/users.csv").status_code == 404
    assert auth_client.get("/api/analytics/export/applications.xlsx").status_code == 404


def test_query_parameters_of_analytics_are_checked(auth_client):
    assert auth_client.get("/api/analytics/metrics?by=salary").status_code == 400
    assert auth_client.get("/api/analytics/timeline?days=0").status_code == 400
    assert auth_client.get("/api/analytics/trends?weeks=abc").status_code == 400
    assert auth_client.get("/api/analytics/trends?weeks=104").status_code == 200


def test_site_aggregates_are_for_staff_only(auth_client, user):
    ApplicationFactory.create_batch(2, owner=user)
    assert auth_client.get("/api/analytics/site").status_code == 403
    staff = APIClient()
    staff.force_authenticate(get_user_model().objects.create_user("operator", is_staff=True))
    body = staff.get("/api/analytics/site").json()
    assert body["totals"]["applications"] == 2 and "title" not in str(body)


def test_the_calendar_token_endpoint_creates_rotates_and_revokes(auth_client, client):
    assert auth_client.get("/api/calendar-token").json()["active"] is False
    first = auth_client.post("/api/calendar-token").json()["url"]
    second = auth_client.post("/api/calendar-token").json()["url"]
    assert first != second and auth_client.get("/api/calendar-token").json()["active"] is True
    path = lambda url: url.replace("http://testserver", "")  # noqa: E731
    assert client.get(path(first)).status_code == 404 and client.get(path(second)).status_code == 200
    assert auth_client.delete("/api/calendar-token").status_code == 204
    assert client.get(path(second)).status_code == 404


def test_a_status_change_event_reaches_only_its_owner(auth_client, user, other_user):
    application = ApplicationFactory(owner=user, status="saved")
    auth_client.post(f"/api/applications/{application.pk}/status", {"to": "applied"}, format="json")
    assert Event.objects.filter(owner=user, type="application.status_change").count() == 1
    other = APIClient()
    other.force_authenticate(other_user)
    assert other.get("/api/events?after=0").json()["events"] == []
