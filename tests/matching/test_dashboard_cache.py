"""The cached dashboard cards (top matches, feeds and postings): a repeated view reads none of their rows,
the writes they show retire them at once, users never share one, and without Redis the page still renders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.services import matches as services
from matching.services.ingest import ingest_document
from tests.factories import FeedFactory, JobFactory, MatchFactory, ProfileFactory
from tests.matching.feeds import item, rss
from tests.matching.matches_helpers import make_job, make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db
CARD_TABLES = ('"matching_match"', '"matching_feed"', "COUNT(")


def _view(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    card_reads = [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in CARD_TABLES)
                  and "tracking_" not in q["sql"] and "jobly_backgroundjob" not in q["sql"]]
    return response.content.decode(), card_reads


def _card(page, name):
    start = page.index(f'data-card="{name}"')
    return page[start:page.index("</section>", start)]


def test_a_repeated_view_reads_no_card_rows(logged_in_client, user):
    FeedFactory(owner=user, title="My feed")
    first, first_reads = _view(logged_in_client)
    again, again_reads = _view(logged_in_client)
    assert first_reads and again_reads == []
    assert _card(again, "feeds") == _card(first, "feeds")


def test_a_new_feed_and_new_postings_show_on_the_next_view(logged_in_client, user):
    page, _ = _view(logged_in_client)
    assert "<strong>0</strong><span>feeds</span>" in _card(page, "feeds")
    feed = FeedFactory(owner=user)
    page, _ = _view(logged_in_client)
    assert "<strong>1</strong><span>feed</span>" in _card(page, "feeds")
    ingest_document(feed=feed, content=rss([item("Platform Engineer at Acme")]))
    page, _ = _view(logged_in_client)
    assert "<strong>1</strong><span>posting</span>" in _card(page, "feeds")


def test_a_recompute_shows_its_matches_on_the_next_view(logged_in_client, user, match_index_dir):  # noqa: F811
    make_job()
    profile = make_profile(user, is_default=True)
    page, _ = _view(logged_in_client)
    assert "No matches yet" in _card(page, "top-matches")
    services.recompute_matches(profile=profile)
    page, _ = _view(logged_in_client)
    assert "Backend Engineer" in _card(page, "top-matches")
    profile.delete()
    page, _ = _view(logged_in_client)
    assert "Backend Engineer" not in _card(page, "top-matches")


def test_users_never_share_a_card(client, user, other_user):
    mine = ProfileFactory(owner=user, name="Mine")
    MatchFactory(profile=mine, job=JobFactory(title="Only for me"), score=90)
    client.force_login(user)
    assert "Only for me" in _card(_view(client)[0], "top-matches")
    client.force_login(other_user)
    assert "Only for me" not in _card(_view(client)[0], "top-matches")


def test_without_redis_the_cards_are_rendered_every_time(logged_in_client, user, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    FeedFactory(owner=user)  # its invalidation fails too, and is only logged
    page, reads = _view(logged_in_client)
    assert "<strong>1</strong><span>feed</span>" in _card(page, "feeds") and reads
    assert _view(logged_in_client)[1]


def test_turned_off_every_view_reads_the_rows(logged_in_client, user, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _view(logged_in_client)
    assert _view(logged_in_client)[1]
