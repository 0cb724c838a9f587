"""Every list page and list endpoint reads in a bounded number of queries, however many rows it shows.

Each case is measured with a few rows and with more: the count must not grow with the rows (no
N+1), and stays under its ceiling (`django_assert_max_num_queries`).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActivityFactory, ApiTokenFactory, ApplicationFactory, BackgroundJobFactory, EventFactory, FeedFactory, InterviewFactory,
    InterviewPrepFactory, JobFactory, MatchFactory, ProfileFactory, ResumeUploadFactory, WebhookDeliveryFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db


SALARIED = {"company": "Acme", "remote_type": "remote", "salary_min": 90_000, "salary_max": 120_000,
            "salary_currency": "USD", "salary_period": "year"}


def tokens(user, n):
    ApiTokenFactory.create_batch(n, owner=user)


def background_jobs(user, n):
    BackgroundJobFactory.create_batch(n, owner=user, status="succeeded")


def events(user, n):
    EventFactory.create_batch(n, owner=user)


def profiles(user, n):
    for profile in ProfileFactory.create_batch(n, owner=user):
        ResumeUploadFactory(profile=profile)


def feeds(user, n):
    for feed in FeedFactory.create_batch(n, owner=user):
        feed.jobs.add(JobFactory())


def postings(user, n):
    feed = FeedFactory(owner=user)
    for job in JobFactory.create_batch(n, **SALARIED, description_text="Backend engineer for our Python APIs."):
        job.feeds.add(feed)


def matches(user, n):
    profile = user.profiles.filter(is_default=True).first() or ProfileFactory(owner=user, is_default=True)
    for _ in range(n):
        MatchFactory(profile=profile, job=JobFactory(**SALARIED))


def applications(user, n):
    profile = user.profiles.first() or ProfileFactory(owner=user)
    for index in range(n):
        application = ApplicationFactory(owner=user, profile=profile, match_score=70.0,
                                         status=["saved", "applied", "interviewing"][index % 3])
        ActivityFactory(application=application)
        InterviewFactory(application=application)


def interview_preps(user, n):
    profile = user.profiles.first() or ProfileFactory(owner=user)
    for _ in range(n):
        InterviewPrepFactory(profile=profile, status="ready")


def packets(user, n):
    from tests.factories import PacketFactory, PacketVersionFactory

    profile = user.profiles.first() or ProfileFactory(owner=user)
    for _ in range(n):
        PacketVersionFactory(packet=PacketFactory(owner=user, profile=profile, job=JobFactory(company="Acme")))


def webhook_endpoints(user, n):
    WebhookEndpointFactory.create_batch(n, owner=user)


def webhook_deliveries(user, n):
    endpoint = WebhookEndpointFactory(owner=user)
    WebhookDeliveryFactory.create_batch(n, endpoint=endpoint)


def dashboard(user, n):
    feeds(user, n)
    profiles(user, n)
    background_jobs(user, n)
    BackgroundJobFactory.create_batch(n, owner=user, status="running", progress=40)
    matches(user, n)
    applications(user, n)
    user.applications.update(next_action="Follow up", next_action_due=timezone.now() + timedelta(days=1))


# (url, page or API, rows maker, most queries allowed): today's counts. Pages count the session and user
# look-ups; the API's token auth is forced in tests. A new query on a list shows up here.
CASES = [
    ("/api/tokens", "api", tokens, 2),
    ("/api/background-jobs", "api", background_jobs, 2),
    ("/api/events?after=0", "api", events, 1),
    ("/api/profiles", "api", profiles, 2),
    ("/api/feeds", "api", feeds, 2),
    ("/api/jobs", "api", postings, 2),
    ("/api/jobs?q=engineer&remote=remote&salary_min=1", "api", postings, 2),
    ("/api/matches", "api", matches, 3),
    ("/api/matches?salary_min=1&ordering=salary", "api", matches, 3),
    ("/api/applications", "api", applications, 2),
    ("/api/applications?status=applied&status=interviewing&min_score=0&ordering=score", "api", applications, 2),
    ("/api/interviews", "api", applications, 2),
    ("/api/interview-preps", "api", interview_preps, 2),
    ("/api/packets", "api", packets, 2),
    ("/api/webhooks/endpoints", "api", webhook_endpoints, 2),
    ("/api/webhooks/deliveries", "api", webhook_deliveries, 2),
    ("/", "page", dashboard, 21),
    ("/applications/", "page", applications, 9),
    ("/applications/table/", "page", applications, 7),
    ("/settings/tokens/", "page", tokens, 4),
    ("/settings/webhooks/", "page", webhook_endpoints, 4),
    ("/background-jobs/", "page", background_jobs, 6),
    ("/profiles/", "page", profiles, 4),
    ("/feeds/", "page", feeds, 4),
    ("/jobs/", "page", postings, 6),
    ("/jobs/?q=engineer&salary_min=1&ordering=salary", "page", postings, 6),
    ("/matches/", "page", matches, 9),
    ("/interviews/", "page", interview_preps, 4),
    ("/packets/", "page", packets, 6),
]


def queries_for(client, url, make_rows, user, n):
    make_rows(user, n)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    if url.startswith("/api/"):  # the rows are really listed, so their reads are counted
        body = response.json()
        assert body.get("results", body.get("events")), f"{url} listed nothing"
    return len(captured)


@pytest.mark.parametrize(("url", "kind", "make_rows", "ceiling"), CASES, ids=[case[0] for case in CASES])
def test_list_reads_a_bounded_number_of_queries(url, kind, make_rows, ceiling, auth_client, client, user, other_user,
                                                django_assert_max_num_queries, settings):
    settings.DASHBOARD_CACHE_SECONDS = settings.MATCH_LIST_CACHE_SECONDS = settings.POSTING_LIST_CACHE_SECONDS = 0  # reads, not hits
    client.force_login(user)
    reader = auth_client if kind == "api" else client
    few = queries_for(reader, url, make_rows, user, 2)

    make_rows(user, 6)
    with django_assert_max_num_queries(ceiling):
        response = reader.get(url)
    assert response.status_code == 200

    with CaptureQueriesContext(connection) as captured:
        reader.get(url)
    assert len(captured) == few, f"{url}: {few} queries with a few rows, {len(captured)} with more (N+1?)"
