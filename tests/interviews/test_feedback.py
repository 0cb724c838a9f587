"""Feedback on a practice answer from a language-model writer (a real local server speaking the
OpenAI chat API): covered points by index, an untrusted comment under the guard, failures recorded,
owner-only, and nothing at all with the embedded writer."""

import json

import pytest

from interviews.errors import FeedbackUnavailable
from interviews.models import PracticeAnswer
from interviews.services.feedback import (
    JOB_TYPE,
    STAR_POINTS,
    give_feedback,
    points_of,
    request_feedback,
)
from interviews.services.practice import save_answer
from jobly.errors import InvalidInput, PermanentError
from jobly.events import publish
from jobly.models import BackgroundJob
from tests.servers.openai_server import OpenAIServer, Reply, forget_cached_answers

pytestmark = pytest.mark.django_db
NOTES = "I would add an index on the filtered column and check the plan with EXPLAIN ANALYZE."


@pytest.fixture(autouse=True)
def _no_cached_answers():
    forget_cached_answers()


@pytest.fixture
def llm(settings, ready_prep):
    """After the prep is generated (by the embedded writer), the settings' writer is the model writer,
    talking to a local server (no retries, no cache)."""
    with OpenAIServer() as server:
        settings.WRITER, settings.LLM_BASE_URL, settings.LLM_MODEL = "openai", server.url, "test-model"
        settings.LLM_MAX_RETRIES, settings.LLM_CACHE_SECONDS, settings.LLM_TIMEOUT = 0, 0, 5.0
        yield server


def _technical(prep):
    return prep.content["technical"][0]


def _with_notes(prep, question_id, notes=NOTES):
    return save_answer(user=prep.owner, prep_id=prep.pk, question_id=question_id, notes=notes)


def test_the_embedded_writer_gives_no_feedback_and_the_api_says_why(settings, auth_client, ready_prep):
    settings.WRITER = "embedded"
    question = _technical(ready_prep)["question_id"]
    _with_notes(ready_prep, question)
    with pytest.raises(FeedbackUnavailable):
        request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=question)
    response = auth_client.post(f"/api/interview-preps/{ready_prep.pk}/practice/{question}/feedback")
    assert response.status_code == 409 and response.json()["error"]["code"] == "feedback_unavailable"
    assert not BackgroundJob.objects.filter(type=JOB_TYPE).exists()


def test_feedback_marks_the_covered_points_and_keeps_a_faithful_comment(llm, ready_prep):
    item = _technical(ready_prep)
    points = points_of("technical", item)
    assert len(points) >= 2
    _with_notes(ready_prep, item["question_id"])
    answer, job, created = request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    assert created and job.type == JOB_TYPE and answer.feedback == {"status": "queued", "background_job_id": job.pk}
    # 99 is no point of the question: ignored, not trusted.
    llm.push(Reply(content=json.dumps({"covered": [0, 0, 99], "comment": "Say also how you would check the plan."})))
    summary = give_feedback(prep_id=ready_prep.pk, question_id=item["question_id"], background_job_id=job.pk)
    stored = PracticeAnswer.objects.get(pk=answer.pk).feedback
    assert stored["status"] == "ready" and stored["points"] == points
    assert stored["covered"] == [0] and stored["missing"] == list(range(1, len(points)))
    assert stored["comment"] == "Say also how you would check the plan." and stored["guard_notes"] == []
    assert stored["writer"] == "openai:test-model" and summary == {
        "prep_id": ready_prep.pk, "question_id": item["question_id"], "covered": 1, "points": len(points)}
    sent = llm.chat_requests[-1].message_text()
    assert NOTES in sent and all(point in sent for point in points), "the model reads the notes and every point"


def test_a_comment_that_adds_a_figure_is_dropped_and_the_reason_kept(llm, ready_prep):
    item = _technical(ready_prep)
    _with_notes(ready_prep, item["question_id"])
    request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    llm.push(Reply(content=json.dumps({"covered": [], "comment": "Mention that you cut query time by 85%."})))
    give_feedback(prep_id=ready_prep.pk, question_id=item["question_id"])
    stored = PracticeAnswer.objects.get(prep=ready_prep, question_id=item["question_id"]).feedback
    assert stored["comment"] == "" and stored["guard_notes"] and "85" in stored["guard_notes"][0]


def test_a_behavioural_question_is_judged_on_its_signal_and_the_star_parts(llm, ready_prep):
    item = ready_prep.content["behavioural"][0]
    points = points_of("behavioural", item)
    assert points[-4:] == list(STAR_POINTS)
    _with_notes(ready_prep, item["question_id"], "At my last role the billing jobs failed nightly; I moved them to Celery.")
    request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    llm.push(Reply(content=json.dumps({"covered": [len(points) - 4], "comment": ""})))
    give_feedback(prep_id=ready_prep.pk, question_id=item["question_id"])
    stored = PracticeAnswer.objects.get(prep=ready_prep, question_id=item["question_id"]).feedback
    assert [points[i] for i in stored["covered"]] == [STAR_POINTS[0]]


@pytest.mark.parametrize("reply", [
    Reply(content=json.dumps({"covered": ["all"], "comment": ""})),  # not the schema
    Reply(content="I think the answer is fine."),  # not JSON
    Reply(status=500),
])
def test_a_failing_writer_fails_the_job_and_the_answer_records_it(llm, ready_prep, reply,
                                                                   django_capture_on_commit_callbacks):
    item = _technical(ready_prep)
    _with_notes(ready_prep, item["question_id"])
    answer, job, _ = request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    llm.push(reply)
    with pytest.raises(PermanentError) as raised:
        give_feedback(prep_id=ready_prep.pk, question_id=item["question_id"], background_job_id=job.pk)
    assert raised.value.code in {"llm_bad_response", "llm_unavailable"}
    # The runner publishes job.failed with the error; the subscription records it on the answer.
    with django_capture_on_commit_callbacks(execute=True):
        publish(ready_prep.owner, "job.failed", {"job_id": job.pk, "type": JOB_TYPE,
                                                 "error": {"code": raised.value.code, "message": raised.value.message}})
    stored = PracticeAnswer.objects.get(pk=answer.pk).feedback
    assert stored["status"] == "failed" and stored["error"]["code"] == raised.value.code


def test_a_failure_of_another_users_job_changes_nothing(llm, ready_prep, other_user, django_capture_on_commit_callbacks):
    item = _technical(ready_prep)
    _with_notes(ready_prep, item["question_id"])
    answer, job, _ = request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    with django_capture_on_commit_callbacks(execute=True):
        publish(other_user, "job.failed", {"job_id": job.pk, "type": JOB_TYPE, "error": {"code": "x", "message": ""}})
        publish(ready_prep.owner, "job.failed", {"job_id": job.pk + 1000, "type": JOB_TYPE})  # not this answer's job
    assert PracticeAnswer.objects.get(pk=answer.pk).feedback["status"] == "queued"


def test_feedback_needs_saved_notes_and_a_question_of_the_prep(llm, ready_prep):
    item = _technical(ready_prep)
    with pytest.raises(InvalidInput):
        request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    _with_notes(ready_prep, item["question_id"], "   ")
    with pytest.raises(InvalidInput):
        request_feedback(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"])
    assert not BackgroundJob.objects.filter(type=JOB_TYPE).exists() and not llm.chat_requests


def test_the_api_queues_feedback_for_the_owner_only(llm, auth_client, ready_prep, other_user):
    from rest_framework.test import APIClient

    item = _technical(ready_prep)
    url = f"/api/interview-preps/{ready_prep.pk}/practice/{item['question_id']}/feedback"
    assert auth_client.post(url).status_code == 400  # no notes yet
    _with_notes(ready_prep, item["question_id"])
    first = auth_client.post(url)
    assert first.status_code == 202, first.content
    assert first.json()["type"] == JOB_TYPE and first.json()["question_id"] == item["question_id"]
    again = auth_client.post(url)
    assert again.status_code == 200 and again.json()["job_id"] == first.json()["job_id"]
    detail = auth_client.get(f"/api/interview-preps/{ready_prep.pk}").json()
    answer = next(a for a in detail["practice"] if a["question_id"] == item["question_id"])
    assert answer["feedback"]["status"] == "queued"
    assert auth_client.post(f"/api/interview-preps/{ready_prep.pk}/practice/no-such-question/feedback").status_code == 404

    stranger = APIClient()
    stranger.force_authenticate(other_user)
    response = stranger.post(url)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert APIClient().post(url).status_code in (401, 403)


def test_the_practice_page_asks_for_feedback_and_shows_the_points(llm, client, ready_prep, other_user):
    client.force_login(ready_prep.owner)
    item = _technical(ready_prep)
    page = client.get(f"/interviews/{ready_prep.pk}/practice/?q=1")
    assert b"data-ask-feedback" in page.content and b"Save notes first" in page.content
    _with_notes(ready_prep, item["question_id"])
    response = client.post(f"/interviews/{ready_prep.pk}/practice/feedback/", {"question": item["question_id"], "number": 1})
    assert response.status_code == 302 and response["Location"].endswith("?q=1")
    pending = client.get(response["Location"])
    assert b"data-feedback-job" in pending.content
    llm.push(Reply(content=json.dumps({"covered": [1], "comment": ""})))
    give_feedback(prep_id=ready_prep.pk, question_id=item["question_id"])
    shown = client.get(response["Location"]).content.decode()
    assert 'data-covered="true"' in shown and 'data-covered="false"' in shown and "data-feedback-stale" not in shown
    _with_notes(ready_prep, item["question_id"], NOTES + " Also a covering index.")
    assert "data-feedback-stale" in client.get(response["Location"]).content.decode()
    # Another user's prep: 404, and nothing queued for it.
    client.force_login(other_user)
    assert client.post(f"/interviews/{ready_prep.pk}/practice/feedback/", {"question": item["question_id"]}).status_code == 404

