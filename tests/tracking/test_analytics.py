"""Analytics on a factory-built history whose answers are known by construction."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import ActivityFactory, ApplicationFactory, InterviewFactory, ProfileFactory, UserFactory
from tracking import analytics

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def history(user):
    """40 applied applications, 10 answered after 1..10 days (median 5.5), 4 interviewed, 2 offers,
    1 accepted; 5 only saved. Sources: linkedin 30 applied (3 answered), referral 10 applied (7 answered).
    Profiles: Backend for the first 25, Data for the rest. Scores: 90 for the answered ones, 40 for the rest."""
    backend = ProfileFactory(owner=user, name="Backend")
    data = ProfileFactory(owner=user, name="Data")
    applied_at = NOW - timedelta(days=60)
    responders = set(range(7)) | {10, 11, 12}  # 7 referral (indices 0-9), 3 linkedin
    delays = iter(range(1, 11))
    applications = []
    for index in range(40):
        answered = index in responders
        delay = next(delays) if answered else None
        fields = {"status": "applied", "applied_at": applied_at, "source": "referral" if index < 10 else "linkedin",
                  "profile": backend if index < 25 else data, "match_score": 90.0 if answered else 40.0}
        if answered:
            fields.update(status="screening", first_response_at=applied_at + timedelta(days=delay),
                          last_response_at=applied_at + timedelta(days=delay))
        applications.append(ApplicationFactory(owner=user, **fields))
    for index in (0, 1, 2, 3):
        applications[index].reached_interview_at = NOW - timedelta(days=40)
        applications[index].status = "interviewing"
    for index in (0, 1):
        applications[index].reached_offer_at = NOW - timedelta(days=30)
        applications[index].status = "offer"
    applications[0].status, applications[0].accepted_at = "accepted", NOW - timedelta(days=20)
    for application in applications[:4]:
        application.save()
    ApplicationFactory.create_batch(5, owner=user, status="saved")
    ApplicationFactory.create_batch(3, owner=UserFactory(), status="applied", applied_at=applied_at,
                                    first_response_at=applied_at + timedelta(days=1))  # another user's
    return applications


def test_overview_counts_and_rates(user, history):
    overview = analytics.overview(user, now=NOW)
    assert overview["totals"]["applications"] == 45
    assert overview["totals"]["applied"] == 40 and overview["totals"]["responded"] == 10
    assert overview["rates"] == {"response": 0.25, "interview": 0.1, "offer": 0.05}
    assert overview["median_days_to_first_response"] == 5.5
    assert overview["totals"]["accepted"] == 1


def test_pipeline_counts_by_status_and_the_funnel(user, history):
    summary = analytics.pipeline_summary(user)
    assert summary["total"] == 45
    assert summary["counts"] == {"saved": 5, "applied": 30, "screening": 6, "interviewing": 2, "offer": 1,
                                 "accepted": 1, "rejected": 0, "withdrawn": 0, "ghosted": 0}
    funnel = {stage["stage"]: stage for stage in summary["funnel"]}
    assert [funnel[key]["count"] for key in ("applied", "responded", "interviewing", "offer", "accepted")] == [40, 10, 4, 2, 1]
    assert funnel["responded"]["rate_from_previous"] == 0.25 and funnel["interviewing"]["rate_from_previous"] == 0.4
    assert funnel["offer"]["rate_from_applied"] == 0.05 and funnel["applied"]["rate_from_previous"] is None


def test_success_metrics_by_source_profile_and_score_band(user, history):
    by_source = {row["group"]: row for row in analytics.success_metrics(user, by="source")}
    assert by_source["linkedin"]["applied"] == 30 and by_source["linkedin"]["response_rate"] == 0.1
    assert by_source["referral"]["applied"] == 10 and by_source["referral"]["response_rate"] == 0.7
    # Referral answers took 1..7 days (median 4), LinkedIn's 8, 9, 10 (median 9).
    assert by_source["referral"]["median_days_to_first_response"] == 4.0
    assert by_source["linkedin"]["median_days_to_first_response"] == 9.0
    assert by_source["referral"]["interview_rate"] == 0.4 and by_source["referral"]["offer_rate"] == 0.2
    by_band = {row["group"]: row for row in analytics.success_metrics(user, by="score_band")}
    assert set(by_band) == {"85+", "<50"}
    assert by_band["85+"]["response_rate"] == 1.0 and by_band["<50"]["response_rate"] == 0.0
    by_profile = {row["group"]: row["applied"] for row in analytics.success_metrics(user, by="profile")}
    assert by_profile == {"Backend": 25, "Data": 15}
    assert [row["group"] for row in analytics.success_metrics(user, by="packet_design")] == ["no packet"]


def test_weekly_trends_count_each_weeks_cohort(user):
    monday = NOW.replace(hour=9) - timedelta(weeks=2)
    for day in range(3):
        ApplicationFactory(owner=user, created_at=monday + timedelta(days=day), applied_at=monday + timedelta(days=day),
                           first_response_at=monday + timedelta(days=day + 10) if day == 0 else None)
    ApplicationFactory(owner=user, created_at=NOW)
    weeks = {row["week"]: row for row in analytics.weekly_trends(user, weeks=4, now=NOW)["weeks"]}
    assert list(weeks) == ["2026-05-25", "2026-06-01", "2026-06-08", "2026-06-15"]
    assert weeks["2026-06-01"] == {"week": "2026-06-01", "saved": 3, "applied": 3, "responded": 1, "interviewed": 0}
    assert weeks["2026-06-15"]["saved"] == 1 and weeks["2026-06-08"]["applied"] == 0


def test_activity_over_time_counts_entries_per_day_and_kind(user):
    application = ApplicationFactory(owner=user)
    for offset, kind in [(0, "note"), (0, "note"), (1, "status_change"), (5, "note"), (40, "note")]:
        ActivityFactory(application=application, kind=kind, created_at=NOW - timedelta(days=offset))
    ActivityFactory(application=ApplicationFactory(owner=UserFactory()), created_at=NOW)
    result = analytics.activity_over_time(user, days=30, now=NOW)
    assert result["total"] == 4 and len(result["days"]) == 30 and result["days"][-1] == "2026-06-15"
    assert result["series"]["note"][-1] == 2 and result["series"]["note"][-6] == 1
    assert result["series"]["status_change"][-2] == 1 and sum(result["series"]["note"]) == 3


def test_health_score_weighs_what_it_can_judge_and_explains_it(user):
    for day in (1, 3):
        ApplicationFactory(owner=user, status="applied", applied_at=NOW - timedelta(days=day))
    for due in (NOW + timedelta(days=1), NOW + timedelta(days=2), NOW + timedelta(days=3), NOW - timedelta(days=1)):
        ApplicationFactory(owner=user, status="screening", next_action="Follow up", next_action_due=due)
    health = analytics.health_score(user, now=NOW)
    components = {component["key"]: component["value"] for component in health["components"]}
    # Volume 2 of the default pace 4 = 0.5; follow-ups 3 of 4 on time = 0.75; conversion: too little history.
    assert components == {"volume": 0.5, "follow_ups": 0.75}
    assert health["left_out"] == ["conversion"]
    assert health["score"] == round(100 * (0.5 * 0.4 + 0.75 * 0.3) / 0.7, 1) == 60.7
    assert "1 of 4 next actions are overdue" in health["explanation"]


def test_health_conversion_compares_the_recent_cohort_with_the_users_history(user):
    for index in range(10):  # earlier: 10 applied 120 days ago, 5 answered (50 %)
        ApplicationFactory(owner=user, status="applied", applied_at=NOW - timedelta(days=120),
                           first_response_at=NOW - timedelta(days=110) if index < 5 else None)
    for index in range(8):  # recent cohort (applied 14-44 days ago): 1 of 8 answered (12.5 %)
        ApplicationFactory(owner=user, status="applied", applied_at=NOW - timedelta(days=20),
                           first_response_at=NOW - timedelta(days=18) if index == 0 else None)
    health = analytics.health_score(user, now=NOW)
    conversion = next(c for c in health["components"] if c["key"] == "conversion")
    assert conversion["value"] == 0.25
    flags = {flag["code"]: flag for flag in analytics.anomalies(user, now=NOW)}
    assert flags["response_rate_drop"]["details"]["recent_rate"] == 0.125
    assert flags["response_rate_drop"]["details"]["earlier_rate"] == 0.5


def test_anomalies_flag_stalled_applications_and_a_quiet_week(user):
    stalled = ApplicationFactory(owner=user, status="interviewing", next_action="Send references",
                                 next_action_due=NOW - timedelta(days=3))
    ApplicationFactory(owner=user, status="rejected", next_action_due=NOW - timedelta(days=3))  # closed
    ActivityFactory(application=stalled, created_at=NOW - timedelta(days=9))
    flags = {flag["code"]: flag for flag in analytics.anomalies(user, now=NOW)}
    assert set(flags) == {"stalled_applications", "quiet_week"}
    rows = flags["stalled_applications"]["details"]["applications"]
    assert [(row["id"], row["days_overdue"]) for row in rows] == [(stalled.pk, 3)]
    ActivityFactory(application=stalled, created_at=NOW - timedelta(days=1))
    assert "quiet_week" not in {flag["code"] for flag in analytics.anomalies(user, now=NOW)}


def test_quick_stats(user):
    ApplicationFactory(owner=user, status="applied", applied_at=NOW - timedelta(days=2), match_score=80.0)
    ApplicationFactory(owner=user, status="screening", applied_at=NOW - timedelta(days=20), match_score=60.0,
                       last_response_at=NOW - timedelta(days=1), next_action_due=NOW - timedelta(hours=1))
    InterviewFactory(application=ApplicationFactory(owner=user, status="interviewing"), scheduled_at=NOW + timedelta(days=2))
    stats = analytics.quick_stats(user, now=NOW)
    assert stats == {"applied_last_7_days": 1, "responses_last_7_days": 1, "interviews_next_7_days": 1,
                     "open_applications": 3, "overdue_actions": 1, "average_match_score_applied_30_days": 70.0,
                     "days_since_last_application": 2}


def test_an_empty_history_gives_empty_answers_not_errors(user):
    assert analytics.overview(user, now=NOW)["rates"] == {"response": None, "interview": None, "offer": None}
    assert analytics.health_score(user, now=NOW)["score"] == 0.0
    assert analytics.anomalies(user, now=NOW) == []
    assert analytics.success_metrics(user, by="source") == []


def test_site_aggregates_cover_every_user(user, history):
    site = analytics.site_aggregates(now=NOW)
    assert site["totals"]["applications"] == 48 and site["totals"]["users"] == 2
    assert site["totals"]["applied"] == 43 and site["totals"]["responded"] == 13
    assert site["by_status"]["saved"] == 5
