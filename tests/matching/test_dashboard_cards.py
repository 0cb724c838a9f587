from datetime import timedelta

import pytest
from django.utils import timezone

from matching.dashboard_cards import chart_bars, postings_per_day
from tests.factories import FeedFactory, JobFactory

pytestmark = pytest.mark.django_db


def make_job(n, *, days_ago=0, submitted_by=None):
    return JobFactory(
        title=f"Engineer {n}", company="Acme", content_hash=f"{n:064d}", submitted_by=submitted_by,
        first_seen_at=timezone.now() - timedelta(days=days_ago),
    )


def test_postings_per_day_counts_each_day_and_fills_gaps(user):
    make_job(1, days_ago=0)
    make_job(2, days_ago=0)
    make_job(3, days_ago=3)
    make_job(4, days_ago=30)
    series = postings_per_day(user, days=7)
    assert len(series) == 7
    assert series[-1][1] == 2
    assert series[-4][1] == 1
    assert sum(count for _, count in series) == 3


def test_postings_per_day_leaves_out_another_users_pasted_postings(user, other_user):
    make_job(1, submitted_by=other_user)
    make_job(2, submitted_by=user)
    assert sum(count for _, count in postings_per_day(user, days=3)) == 1


def test_chart_bars_scale_to_the_busiest_day():
    today = timezone.localdate()
    bars = chart_bars([(today, 0), (today, 5), (today, 10)], width=300, height=80)
    assert [bar["height"] for bar in bars] == [0, 33.0, 66.0]
    assert bars[2]["y"] == 0


def test_dashboard_card_shows_counts_failing_feeds_and_the_chart(logged_in_client, user):
    FeedFactory(owner=user, url="https://example.com/feed.xml", title="Broken board", consecutive_failures=2, last_error_code="http_500")
    make_job(1)
    page = logged_in_client.get("/").content.decode()
    assert 'data-card="feeds"' in page
    assert "Broken board" in page and "http_500" in page
    assert "<svg" in page and "New postings per day" in page


def test_dashboard_card_empty_state_links_to_feeds(logged_in_client):
    page = logged_in_client.get("/").content.decode()
    assert "No feeds yet" in page


def test_postings_per_day_starts_at_local_midnight_of_the_first_day(user, settings):
    from datetime import date, datetime, time

    settings.TIME_ZONE = "Europe/Berlin"
    today = date(2026, 3, 10)
    first_day = datetime.combine(date(2026, 3, 8), time.min)
    before = timezone.make_aware(first_day) - timedelta(seconds=1)
    inside = timezone.make_aware(first_day)
    for number, seen in ((1, before), (2, inside)):
        JobFactory(title=f"Job {number}", content_hash=f"{number + 100:064d}", first_seen_at=seen)
    series = postings_per_day(user, days=3, today=today)
    assert [day for day, _ in series] == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)]
    assert [count for _, count in series] == [1, 0, 0]
