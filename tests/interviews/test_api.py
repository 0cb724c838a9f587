"""The interviews API: generate (202 and the job), list, detail, practice answers, re-plan, exports;
owner-only everywhere (another user's ids are 404), standard errors, strict JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from interviews.models import InterviewPrep, PracticeAnswer
from jobly.models import BackgroundJob
from tests.factories import InterviewPrepFactory, JobFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def _question(prep):
    return prep.content["technical"][0]["question_id"]


def test_generate_answers_202_with_the_job_and_the_prep_then_200_while_it_runs(auth_client, db_profile, posting_job):
    date = (timezone.localdate() + timedelta(days=6)).isoformat()
    response = auth_client.post("/api/interviews/generate", {"job": posting_job.pk, "interview_date": date}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) == {"job_id", "type", "status", "message", "prep_id"}
    assert (body["type"], body["status"]) == ("interviews.generate", "queued")
    prep = InterviewPrep.objects.get(pk=body["prep_id"])
    assert prep.interview_date.isoformat() == date and prep.background_job_id == body["job_id"]
    again = auth_client.post("/api/interviews/generate", {"job": posting_job.pk}, format="json")
    assert again.status_code == 200 and again.json()["job_id"] == body["job_id"]


@pytest.mark.parametrize("body, field", [
    ({}, "job"), ({"job": "one"}, "job"), ({"job": 0}, "job"), ({"job": 1, "interview_date": "2026-02-30"}, "interview_date"),
    ({"job": 1, "daily_minutes": 5}, "daily_minutes"), ({"job": 1, "daily_minutes": 10_000}, "daily_minutes"),
])
def test_bad_generate_bodies_are_400_naming_the_field(auth_client, db_profile, body, field):
    response = auth_client.post("/api/interviews/generate", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["details"]
    assert not InterviewPrep.objects.exists() and not BackgroundJob.objects.exists()


def test_generate_for_another_users_posting_or_profile_is_404_and_without_a_profile_409(auth_client, user, other_user,
                                                                                         posting_job):
    theirs = JobFactory(submitted_by=other_user, title="Their private posting")
    assert auth_client.post("/api/interviews/generate", {"job": posting_job.pk}, format="json").json()["error"]["code"] == "no_profile"
    ProfileFactory(owner=user, is_default=True)
    assert auth_client.post("/api/interviews/generate", {"job": theirs.pk}, format="json").status_code == 404
    their_profile = ProfileFactory(owner=other_user)
    response = auth_client.post("/api/interviews/generate", {"job": posting_job.pk, "profile": their_profile.pk}, format="json")
    assert response.status_code == 404
    assert not InterviewPrep.objects.exists()


def test_list_and_detail_show_only_your_preps(auth_client, ready_prep, other_user):
    theirs = InterviewPrepFactory(profile__owner=other_user, title="Their secret prep")
    listed = auth_client.get("/api/interview-preps").json()
    assert [row["id"] for row in listed["results"]] == [ready_prep.pk]
    assert "content" not in listed["results"][0]
    detail = auth_client.get(f"/api/interview-preps/{ready_prep.pk}").json()
    assert detail["status"] == "ready" and detail["content"]["technical"]
    assert detail["practice"] == [] and detail["practice_summary"]["total"] > 0
    response = auth_client.get(f"/api/interview-preps/{theirs.pk}")
    assert response.status_code == 404 and b"Their secret" not in response.content


def test_patching_a_practice_answer_saves_notes_rating_and_time(auth_client, ready_prep):
    url = f"/api/interview-preps/{ready_prep.pk}/practice/{_question(ready_prep)}"
    first = auth_client.patch(url, {"notes": "Default is evaluated once", "rating": 2, "add_seconds": 75}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["rating"] == 2 and first.json()["seconds_spent"] == 75
    second = auth_client.patch(url, {"rating": None, "add_seconds": 5}, format="json").json()
    assert (second["notes"], second["rating"], second["seconds_spent"]) == ("Default is evaluated once", None, 80)
    detail = auth_client.get(f"/api/interview-preps/{ready_prep.pk}").json()
    assert detail["practice"][0]["question_id"] == _question(ready_prep)


@pytest.mark.parametrize("body, field", [({"rating": 0}, "rating"), ({"rating": 6}, "rating"), ({"rating": "good"}, "rating"),
                                         ({"add_seconds": -5}, "add_seconds"), ({"notes": "x" * 20_001}, "notes")])
def test_bad_practice_bodies_are_400_and_write_nothing(auth_client, ready_prep, body, field):
    response = auth_client.patch(f"/api/interview-preps/{ready_prep.pk}/practice/{_question(ready_prep)}", body, format="json")
    assert response.status_code == 400 and field in response.json()["error"]["details"]
    assert not PracticeAnswer.objects.exists()


def test_practising_an_unknown_question_is_404_and_a_prep_without_content_409(auth_client, ready_prep, user):
    response = auth_client.patch(f"/api/interview-preps/{ready_prep.pk}/practice/no-such-question", {"notes": "x"}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "question_not_found"
    empty = InterviewPrepFactory(profile=ready_prep.profile, job=JobFactory())
    response = auth_client.patch(f"/api/interview-preps/{empty.pk}/practice/{_question(ready_prep)}", {"notes": "x"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "prep_not_ready"
    assert auth_client.get(f"/api/interview-preps/{empty.pk}/export.md").status_code == 409


def test_replan_returns_the_prep_with_the_new_plan(auth_client, ready_prep):
    for item in ready_prep.content["technical"]:
        if item["skill"] == "Go":
            auth_client.patch(f"/api/interview-preps/{ready_prep.pk}/practice/{item['question_id']}", {"rating": 1}, format="json")
    body = auth_client.post(f"/api/interview-preps/{ready_prep.pk}/replan").json()
    assert [area["topic_key"] for area in body["content"]["study_plan"]["weak_areas"]] == ["skill:Go"]


def test_the_markdown_export_is_the_whole_prep(auth_client, ready_prep):
    response = auth_client.get(f"/api/interview-preps/{ready_prep.pk}/export.md", HTTP_ACCEPT="text/markdown")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")
    assert f'filename="interview-prep-{ready_prep.pk}.md"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("# Interview prep: Backend Engineer at Example Shipping")
    for heading in ("## Technical questions", "## Behavioural questions", "## Gaps", "## Questions to ask", "## Study plan"):
        assert heading in text


def test_the_icalendar_export_has_one_event_per_study_session(auth_client, ready_prep):
    response = auth_client.get(f"/api/interview-preps/{ready_prep.pk}/export.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    sessions = [s for day in ready_prep.content["study_plan"]["days"] for s in day["sessions"]]
    assert len(events) == len(sessions) and all(f"@prep-{ready_prep.pk}.jobly" in str(e["uid"]) for e in events)


def test_the_pdf_export_is_a_pdf_with_the_prep_text(auth_client, ready_prep):
    from pypdf import PdfReader
    import io

    response = auth_client.get(f"/api/interview-preps/{ready_prep.pk}/export.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Backend Engineer at Example Shipping" in text and "Study plan" in text
    assert ready_prep.content["gaps"][0]["skill"] in text


def test_deleting_a_prep_removes_its_answers(auth_client, ready_prep):
    auth_client.patch(f"/api/interview-preps/{ready_prep.pk}/practice/{_question(ready_prep)}", {"notes": "x"}, format="json")
    assert auth_client.delete(f"/api/interview-preps/{ready_prep.pk}").status_code == 204
    assert not InterviewPrep.objects.exists() and not PracticeAnswer.objects.exists()


def test_every_endpoint_is_404_for_another_users_prep_and_changes_nothing(api_client, ready_prep, other_user):
    api_client.force_authenticate(other_user)
    ProfileFactory(owner=other_user, is_default=True)
    base = f"/api/interview-preps/{ready_prep.pk}"
    calls = [("get", base, None), ("delete", base, None), ("post", f"{base}/replan", None),
             ("patch", f"{base}/practice/{_question(ready_prep)}", {"notes": "mine now", "rating": 5})]
    calls += [("get", f"{base}/export.{fmt}", None) for fmt in ("md", "pdf", "ics")]
    for method, url, body in calls:
        response = getattr(api_client, method)(url, body, format="json") if body else getattr(api_client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert b"Example Shipping" not in response.content
    assert InterviewPrep.objects.filter(pk=ready_prep.pk).exists() and not PracticeAnswer.objects.exists()


@pytest.mark.parametrize("method, path", [("get", "/api/interview-preps"), ("post", "/api/interviews/generate"),
                                          ("get", "/api/interview-preps/1"), ("get", "/api/interview-preps/1/export.md")])
def test_anonymous_callers_are_401(api_client, method, path):
    response = getattr(api_client, method)(path)
    assert response.status_code == 401 and response.json()["error"]["code"]


def test_a_duplicate_key_body_is_400(auth_client, ready_prep):
    response = auth_client.generic("PATCH", f"/api/interview-preps/{ready_prep.pk}/practice/{_question(ready_prep)}",
                                   '{"rating": 1, "rating": 5}', content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "duplicate_key"
