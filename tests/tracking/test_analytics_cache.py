"""The analytics read cache: a repeated read costs no analytics query, any write of the user's retires
their entries at once, users never share an entry, and a Redis outage only makes reads uncached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobly.cache import cached, invalidate
from tests.factories import ActivityFactory, ApplicationFactory, InterviewFactory
from tracking.services.pipeline import change_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    """The cache is off by default (the benchmark shows no gain at today's sizes); these tests turn it on."""
    settings.READ_CACHE_SECONDS = 60


def _read(client, path="/api/analytics/overview"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    tracking_queries = [q for q in queries.captured_queries if "tracking_" in q["sql"]]
    return response.json(), len(tracking_queries)


def test_a_repeated_read_is_served_from_the_cache(auth_client, user):
    ApplicationFactory.create_batch(3, owner=user, status="applied")
    first, first_queries = _read(auth_client)
    again, again_queries = _read(auth_client)
    assert first_queries > 0 and again_queries == 0
    assert again == first


def test_query_parameters_are_part_of_the_key(auth_client, user):
    ApplicationFactory(owner=user, status="applied", source="board.example")
    by_source, _ = _read(auth_client, "/api/analytics/metrics?by=source")
    by_band, band_queries = _read(auth_client, "/api/analytics/metrics?by=score_band")
    assert by_source["by"] == "source" and by_band["by"] == "score_band" and band_queries > 0


@pytest.mark.parametrize("write", ["new application", "status change", "timeline entry", "interview", "deletion"])
def test_every_write_of_the_user_retires_their_entries(auth_client, user, write):
    application = ApplicationFactory(owner=user, status="saved")
    before, _ = _read(auth_client, "/api/analytics/pipeline")
    if write == "new application":
        ApplicationFactory(owner=user, status="saved")
    elif write == "status change":
        change_status(user=user, application_id=application.pk, to="applied")
    elif write == "timeline entry":
        ActivityFactory(owner=user, application=application)
    elif write == "interview":
        InterviewFactory(owner=user, application=application)
    else:
        application.delete()
    after, queries = _read(auth_client, "/api/analytics/pipeline")
    assert queries > 0, "the write did not retire the cached entry"
    if write in ("new application", "status change", "deletion"):
        assert after != before


def test_users_never_share_an_entry(auth_client, user, other_user):
    ApplicationFactory.create_batch(4, owner=other_user, status="applied")
    cached("analytics", other_user.pk, ("OverviewView",), lambda: {"theirs": True})
    mine, queries = _read(auth_client)
    assert queries > 0 and mine["totals"]["applications"] == 0


def test_another_users_write_keeps_my_entry(auth_client, user, other_user):
    ApplicationFactory(owner=user, status="applied")
    _read(auth_client)
    ApplicationFactory(owner=other_user, status="applied")
    _, queries = _read(auth_client)
    assert queries == 0


def test_with_redis_down_reads_are_computed(auth_client, user, settings):
    ApplicationFactory.create_batch(2, owner=user, status="applied")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    first, first_queries = _read(auth_client)
    again, again_queries = _read(auth_client)
    assert first["totals"]["applications"] == 2 and first_queries > 0 and again_queries > 0
    invalidate("analytics", user.pk)  # a write with Redis down does not fail either


def test_a_zero_lifetime_turns_the_cache_off(auth_client, user, settings):
    settings.READ_CACHE_SECONDS = 0
    ApplicationFactory(owner=user, status="applied")
    _read(auth_client)
    _, queries = _read(auth_client)
    assert queries > 0


def test_the_site_aggregates_are_never_cached(client, django_user_model):
    staff = django_user_model.objects.create_user("operator", password="pw-operator-2026", is_staff=True)
    client.force_login(staff)
    _, first = _read(client, "/api/analytics/site")
    _, again = _read(client, "/api/analytics/site")
    assert first > 0 and again > 0
