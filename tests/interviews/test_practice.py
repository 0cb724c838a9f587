"""Practice: notes, ratings and time per question; weak areas; re-planning with the ratings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.errors import PrepNotFound, PrepNotReady, QuestionNotInPrep
from interviews.models import PracticeAnswer
from interviews.services.practice import question_ids, replan, save_answer, weak_area_summary
from jobly.errors import InvalidInput
from tests.factories import InterviewPrepFactory

pytestmark = pytest.mark.django_db


def _first(prep, kind="technical"):
    return prep.content[kind][0]["question_id"]


def test_question_ids_run_through_technical_then_behavioural(ready_prep):
    ids = question_ids(ready_prep.content)
    assert ids[0] == _first(ready_prep) and ids[-1] == ready_prep.content["behavioural"][-1]["question_id"]
    assert len(ids) == len(set(ids)) == len(ready_prep.content["technical"]) + len(ready_prep.content["behavioural"])


def test_saving_changes_only_the_given_fields_and_sums_the_time(ready_prep):
    question = _first(ready_prep)
    save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=question, notes="Mutable default", add_seconds=40)
    answer = save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=question, rating=2, add_seconds=20)
    assert (answer.notes, answer.rating, answer.seconds_spent, answer.owner_id) == ("Mutable default", 2, 60, ready_prep.owner_id)
    answer = save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=question, clear_rating=True)
    assert answer.rating is None and PracticeAnswer.objects.count() == 1


@pytest.mark.parametrize("fields", [{"rating": 0}, {"rating": 6}, {"rating": True}, {"rating": "3"},
                                    {"add_seconds": -1}, {"add_seconds": 86_401}, {"notes": "x" * 20_001}])
def test_out_of_range_input_is_refused_and_nothing_is_written(ready_prep, fields):
    with pytest.raises(InvalidInput):
        save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=_first(ready_prep), **fields)
    assert not PracticeAnswer.objects.exists()


def test_a_question_the_prep_lacks_another_users_prep_and_an_empty_prep_are_refused(ready_prep, other_user):
    with pytest.raises(QuestionNotInPrep):
        save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id="not-a-question", notes="x")
    with pytest.raises(PrepNotFound):
        save_answer(user=other_user, prep_id=ready_prep.pk, question_id=_first(ready_prep), notes="x")
    empty = InterviewPrepFactory(profile__owner=ready_prep.owner)
    with pytest.raises(PrepNotReady):
        save_answer(user=ready_prep.owner, prep_id=empty.pk, question_id=_first(ready_prep), notes="x")
    assert not PracticeAnswer.objects.exists()


def test_weak_areas_are_topics_rated_low(ready_prep):
    technical = ready_prep.content["technical"]
    go = [item["question_id"] for item in technical if item["skill"] == "Go"]
    python = [item["question_id"] for item in technical if item["skill"] == "Python"]
    for question in go:
        save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=question, rating=1)
    save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=python[0], rating=5, notes="Fine")
    save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=python[1], notes="Only notes")
    summary = weak_area_summary(ready_prep)
    assert [area["topic_key"] for area in summary["weak_areas"]] == ["skill:Go"]
    assert (summary["answered"], summary["rated"]) == (len(go) + 2, len(go) + 1)
    assert summary["total"] == len(question_ids(ready_prep.content))


def test_replanning_gives_the_weak_topic_more_minutes(ready_prep):
    def go_minutes(content):
        return sum(s["minutes"] for day in content["study_plan"]["days"] for s in day["sessions"] if s["topic_key"] == "skill:Go")

    before = go_minutes(ready_prep.content)
    for item in ready_prep.content["technical"]:
        rating = 1 if item["skill"] == "Go" else 5
        save_answer(user=ready_prep.owner, prep_id=ready_prep.pk, question_id=item["question_id"], rating=rating)
    prep = replan(user=ready_prep.owner, prep_id=ready_prep.pk, today=timezone.localdate() + timedelta(days=1))
    assert go_minutes(prep.content) > before
    assert prep.content["study_plan"]["start"] == (timezone.localdate() + timedelta(days=1)).isoformat()
    assert prep.content["technical"] == ready_prep.content["technical"], "only the plan changes"
