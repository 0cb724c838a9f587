import pytest

from jobly.dashboard import CARDS, register_card
from tests.factories import BackgroundJobFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_empty_states_for_a_new_user(logged_in_client):
    page = logged_in_client.get("/").content.decode()
    assert "No profile yet" in page
    assert "Nothing has run yet" in page


def test_dashboard_lists_only_the_users_own_profiles_and_jobs(logged_in_client, user, other_user):
    ProfileFactory(owner=user, name="Backend search")
    ProfileFactory(owner=other_user, name="Someone elses profile")
    BackgroundJobFactory(owner=other_user, type="diagnostic.warmup", message="their private message")
    page = logged_in_client.get("/").content.decode()
    assert "Backend search" in page
    assert "Someone elses profile" not in page
    assert "their private message" not in page


def test_a_card_that_returns_nothing_is_left_out(logged_in_client, monkeypatch):
    monkeypatch.setitem(CARDS, "nothing", CARDS["profiles"].__class__(name="nothing", build=lambda request: None, order=1))
    page = logged_in_client.get("/").content.decode()
    assert 'data-card="nothing"' not in page
    assert 'data-card="profiles"' in page


def test_registered_cards_render_in_order(logged_in_client, monkeypatch):
    monkeypatch.setattr("jobly.dashboard.CARDS", dict(CARDS))
    register_card("first", lambda request: {"template": "jobly/cards/_profiles.html", "context": {"profiles": []}}, order=0)
    page = logged_in_client.get("/").content.decode()
    assert page.index('data-card="first"') < page.index('data-card="background-jobs"')


def test_a_new_user_is_told_what_to_do_first(logged_in_client):
    page = logged_in_client.get("/").content.decode()
    start = page.index("Start here")
    assert page.index("Import your resume", start) < page.index("Add a feed", start)
    assert "No matches yet" in page and "Nothing due" in page and "Nothing running right now" in page


def test_the_first_steps_go_once_they_are_done(logged_in_client, user):
    from tests.factories import FeedFactory

    ProfileFactory(owner=user)
    FeedFactory(owner=user)
    page = logged_in_client.get("/").content.decode()
    assert "Start here" not in page


def test_todays_new_matches_come_best_first_and_only_the_users_own(logged_in_client, user, other_user):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import JobFactory, MatchFactory

    profile = ProfileFactory(owner=user)
    MatchFactory(profile=profile, job=JobFactory(title="Django Engineer"), score=81)
    MatchFactory(profile=profile, job=JobFactory(title="Celery Specialist"), score=92)
    MatchFactory(profile=profile, job=JobFactory(title="Last Week's Posting"), score=99,
                 created_at=timezone.now() - timedelta(days=3))
    MatchFactory(profile=ProfileFactory(owner=other_user), job=JobFactory(title="Their Match"), score=95)
    page = logged_in_client.get("/").content.decode()
    card = page[page.index('data-card="top-matches"'):page.index('data-card="next-actions"')]
    assert card.index("Celery Specialist") < card.index("Django Engineer")
    assert "Last Week" not in card and "Their Match" not in card


def test_without_new_matches_the_best_ones_are_shown(logged_in_client, user):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import JobFactory, MatchFactory

    MatchFactory(profile=ProfileFactory(owner=user), job=JobFactory(title="Older Strong Fit"), score=88,
                 created_at=timezone.now() - timedelta(days=3))
    page = logged_in_client.get("/").content.decode()
    assert "No new matches in the last 24 hours" in page and "Older Strong Fit" in page


def test_next_actions_pipeline_and_weekly_chart_show_the_users_applications(logged_in_client, user, other_user):
    import json
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ApplicationFactory, InterviewFactory

    now = timezone.now()
    overdue = ApplicationFactory(owner=user, status="applied", applied_at=now - timedelta(days=2),
                                 next_action="Chase the recruiter", next_action_due=now - timedelta(hours=3))
    ApplicationFactory(owner=user, status="saved", next_action="Tailor the CV", next_action_due=now + timedelta(days=2))
    ApplicationFactory(owner=user, status="rejected", next_action="Closed one", next_action_due=now + timedelta(days=1))
    InterviewFactory(application=overdue, scheduled_at=now + timedelta(days=1))
    ApplicationFactory(owner=other_user, next_action="Their secret action", next_action_due=now)
    page = logged_in_client.get("/").content.decode()
    due = page[page.index('data-card="next-actions"'):page.index('data-card="applications"')]
    assert "interview" in due and due.index("Chase the recruiter") < due.index("Tailor the CV")
    assert "overdue" in due
    assert "Closed one" not in due and "Their secret action" not in page
    pipeline_card = page[page.index('data-card="applications"'):page.index('data-card="weekly-progress"')]
    assert "Applied" in pipeline_card and "Rejected" in pipeline_card
    data = page[page.index('id="weekly-progress-data"'):]
    weeks = json.loads(data[data.index(">") + 1:data.index("</script>")])
    assert len(weeks) == 8 and sum(week["saved"] for week in weeks) == 3 and weeks[-1]["applied"] == 1


def test_running_jobs_show_their_progress_for_the_live_updates(logged_in_client, user):
    BackgroundJobFactory(owner=user, type="feeds.fetch", status="running", progress=45, message="Fetching 3 feeds")
    page = logged_in_client.get("/").content.decode()
    card = page[page.index('data-card="background-jobs"'):]
    assert 'data-live-job=' in card and 'value="45"' in card and "Fetching 3 feeds" in card
    assert "jobly/dashboard.js" in page
