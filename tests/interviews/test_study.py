"""The study plan fits the days and the daily budget; low practice ratings raise a topic's weight."""

from datetime import date, timedelta

import pytest

from interviews.planning.study import StudyPlan, StudyTopic, build_study_plan, rating_factor, replan, study_days

MONDAY = date(2026, 3, 2)
TOPICS = (
    StudyTopic(key="skill:Java", title="Java", kind="gap", base_weight=6.0, activity="Learn Java", question_ids=("j1", "j2")),
    StudyTopic(key="skill:Python", title="Python", kind="skill", base_weight=3.0, activity="Practise", question_ids=("p1",)),
    StudyTopic(key="stories", title="Stories", kind="stories", base_weight=3.0, activity="Rehearse", question_ids=("b1",)),
    StudyTopic(key="company", title="Acme", kind="company", base_weight=1.5, activity="Research"),
)


@pytest.mark.parametrize("interview, daily, expected_days", [
    (MONDAY + timedelta(days=3), 60, 3),
    (None, 45, 7),
    (MONDAY, 30, 1),
    (MONDAY + timedelta(days=1), 50, 1),
    (MONDAY + timedelta(days=90), 20, 60),
    (MONDAY + timedelta(days=10), 10, 10),
])
def test_the_plan_fits_the_days_before_the_interview_and_the_daily_budget(interview, daily, expected_days):
    plan = build_study_plan(topics=TOPICS, start=MONDAY, interview_date=interview, daily_minutes=daily)
    assert len(plan.days) == expected_days
    assert len({day.date for day in plan.days}) == expected_days
    for day in plan.days:
        assert day.minutes == daily
        assert MONDAY <= day.date and (interview is None or day.date < interview or day.date == MONDAY)
        assert all(session.minutes > 0 for session in day.sessions)
    if interview:
        assert plan.days[-1].date == max(MONDAY, interview - timedelta(days=1))
    assert plan.total_minutes == expected_days * daily


def test_an_interview_in_the_past_gives_an_empty_plan():
    plan = build_study_plan(topics=TOPICS, start=MONDAY, interview_date=MONDAY - timedelta(days=1))
    assert plan.days == () and plan.total_minutes == 0


def test_heavier_topics_get_more_minutes_and_every_topic_some():
    minutes = build_study_plan(topics=TOPICS, start=MONDAY, daily_minutes=60).minutes_by_topic()
    assert minutes["skill:Java"] > minutes["skill:Python"] >= minutes["company"] > 0
    assert set(minutes) == {topic.key for topic in TOPICS}


def test_a_heavy_topic_comes_back_on_several_days_instead_of_filling_one():
    plan = build_study_plan(topics=TOPICS, start=MONDAY, daily_minutes=60)
    days_with_java = [day for day in plan.days if any(s.topic_key == "skill:Java" for s in day.sessions)]
    assert len(days_with_java) >= 5


def test_low_ratings_raise_the_topic_weight_and_its_minutes_in_a_replan():
    before = build_study_plan(topics=TOPICS, start=MONDAY, daily_minutes=60)
    after = replan(before, ratings=[("p1", 1), ("j1", 5), ("j2", 4)])
    weights = {topic.key: topic.weight for topic in after.topics}
    assert weights["skill:Python"] == 6.0 and weights["skill:Java"] < 6.0
    assert after.minutes_by_topic()["skill:Python"] > before.minutes_by_topic()["skill:Python"]
    assert [area.topic_key for area in after.weak_areas] == ["skill:Python"]
    assert after.weak_areas[0].mean_rating == 1.0


def test_a_replan_from_the_stored_form_and_a_later_start_keeps_the_interview_date():
    stored = build_study_plan(topics=TOPICS, start=MONDAY, interview_date=MONDAY + timedelta(days=7)).to_dict()
    again = replan(stored, ratings=[{"question_id": "b1", "rating": 2}], start=MONDAY + timedelta(days=4))
    assert [day.date for day in again.days] == [MONDAY + timedelta(days=offset) for offset in (4, 5, 6)]
    assert StudyPlan.from_dict(again.to_dict()).to_dict() == again.to_dict()


def test_ratings_of_unknown_questions_are_ignored_and_bad_values_refused():
    plan = build_study_plan(topics=TOPICS, start=MONDAY, ratings=[("elsewhere", 1)])
    assert plan.rating_factors == {} and plan.weak_areas == ()
    for bad in (0, 6, "3", True, None):
        with pytest.raises(ValueError):
            build_study_plan(topics=TOPICS, start=MONDAY, ratings=[("p1", bad)])
    with pytest.raises(ValueError):
        build_study_plan(topics=TOPICS, start=MONDAY, daily_minutes=0)


def test_rating_factors_run_from_double_to_a_little_over_half():
    assert [rating_factor(value) for value in (1, 2, 3, 4, 5)] == [2.0, 1.5, 1.0, 0.8, 0.6]


def test_default_days_without_a_date():
    assert study_days(MONDAY) == [MONDAY + timedelta(days=offset) for offset in range(7)]
