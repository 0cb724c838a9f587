"""A whole prep from a real posting and the fictional profile: every section, stored as JSON."""

import json
from datetime import date, timedelta

import pytest

from interviews.planning import plan_prep, replan_study

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def prep(google_postings, profile):
    posting = next(p for p in google_postings if p.title.startswith("Cloud Integration"))
    return plan_prep(profile=profile, posting=posting, today=TODAY, interview_date=TODAY + timedelta(days=5), seed=4)


def test_the_prep_has_every_section_and_is_plain_json(prep):
    data = json.loads(json.dumps(prep.to_dict()))
    assert data["technical"] and data["behavioural"] and data["gaps"] and data["questions_to_ask"]
    assert len(data["study_plan"]["days"]) == 5
    assert [gap["skill"] for gap in data["gaps"]] == ["Java", "Microsoft Azure", "Google Cloud Platform"]


def test_the_gap_topics_weigh_most_in_the_study_plan(prep):
    topics = prep.study_plan.topics
    assert topics[0].kind == "gap"
    assert {"stories", "company"} <= {topic.key for topic in topics}


def test_the_same_inputs_and_seed_give_the_same_prep(google_postings, profile, prep):
    posting = next(p for p in google_postings if p.title.startswith("Cloud Integration"))
    again = plan_prep(profile=profile, posting=posting, today=TODAY, interview_date=TODAY + timedelta(days=5), seed=4)
    assert again.to_dict() == prep.to_dict()


def test_replanning_the_stored_prep_with_weak_ratings_moves_time_to_that_topic(prep):
    stored = prep.to_dict()
    python = next(t for t in prep.study_plan.topics if t.key == "skill:Python")
    weak = [(question_id, 1) for question_id in python.question_ids]
    plan = replan_study(stored, ratings=weak)
    assert plan.minutes_by_topic()["skill:Python"] > prep.study_plan.minutes_by_topic()["skill:Python"]


def test_today_must_be_a_date(google_postings, profile):
    with pytest.raises(TypeError):
        plan_prep(profile=profile, posting=google_postings[0], today="2026-03-02")


def test_progress_is_reported_after_each_section_in_order(google_postings, profile):
    seen = []
    plan_prep(profile=profile, posting=google_postings[0], today=TODAY, progress=lambda percent, message: seen.append(percent))
    assert seen == sorted(seen) and len(seen) == 4 and seen[-1] < 100
