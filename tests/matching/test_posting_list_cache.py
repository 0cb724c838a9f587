"""The posting list read cache (/api/jobs and the rows of /jobs/): a repeated page reads no posting rows; a
new posting, a posting's new text, a posting joining another feed and a new feed show on the next read; the
whole URL is the key; users never share a page; turned off, every read reads the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.services.ingest import ingest_document
from tests.factories import FeedFactory
from tests.matching.feeds import item, rss
from tests.matching.matches_helpers import make_job

pytestmark = pytest.mark.django_db


def _read(client, path="/api/jobs"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "matching_job"' in q["sql"]]


def _titles(response):
    if response["Content-Type"].startswith("application/json"):
        return sorted(row["title"] for row in response.json()["results"])
    body = response.content.decode()
    return sorted(title for title in ("Backend Engineer", "Data Engineer", "Platform Engineer",
                                      "Principal Backend Engineer", "Site Reliability Engineer") if f"<bdi>{title}</bdi>" in body)


@pytest.mark.parametrize("path", ["/api/jobs", "/jobs/"])
def test_a_repeated_page_reads_no_posting_rows_until_the_postings_change(path, auth_client, logged_in_client, user):
    client = auth_client if path.startswith("/api/") else logged_in_client
    job = make_job(title="Backend Engineer")
    first, first_reads = _read(client, path)
    again, again_reads = _read(client, path)
    assert first_reads and again_reads == []
    assert _titles(again) == _titles(first) == ["Backend Engineer"]

    feed = FeedFactory(owner=user)
    ingest_document(feed=feed, content=rss([item("Platform Engineer at Acme")]))  # a new posting, through ingestion
    assert _titles(_read(client, path)[0]) == ["Backend Engineer", "Platform Engineer"]
    job.title = "Principal Backend Engineer"  # new text, saved through the ORM
    job.save()
    assert _titles(_read(client, path)[0]) == ["Platform Engineer", "Principal Backend Engineer"]


def test_a_stored_posting_joining_another_feed_shows_in_that_feeds_list(auth_client, user):
    first, second = FeedFactory(owner=user), FeedFactory(owner=user)
    document = rss([item("Platform Engineer at Acme")])
    ingest_document(feed=first, content=document)
    assert _titles(_read(auth_client, f"/api/jobs?feed={second.pk}")[0]) == []
    ingest_document(feed=second, content=document)  # nothing new: the stored posting is linked to the second feed
    assert _titles(_read(auth_client, f"/api/jobs?feed={second.pk}")[0]) == ["Platform Engineer"]


def test_search_filters_and_pages_are_part_of_the_key(auth_client):
    make_job(title="Backend Engineer")
    make_job(title="Data Engineer", remote_type="onsite")
    assert _titles(_read(auth_client)[0]) == ["Backend Engineer", "Data Engineer"]
    assert _titles(_read(auth_client, "/api/jobs?remote=onsite")[0]) == ["Data Engineer"]
    assert _titles(_read(auth_client, "/api/jobs?q=data")[0]) == ["Data Engineer"]
    one, two = (_read(auth_client, f"/api/jobs?page_size=1&page={n}")[0].json()["results"] for n in (1, 2))
    assert len(one) == len(two) == 1 and one != two


def test_users_never_share_a_page(auth_client, user, other_user):
    from rest_framework.test import APIClient

    make_job(title="Site Reliability Engineer", submitted_by=user)  # pasted: private to its submitter
    assert _titles(_read(auth_client)[0]) == ["Site Reliability Engineer"]
    other = APIClient()
    other.force_authenticate(other_user)
    assert _titles(_read(other)[0]) == []


def test_turned_off_every_read_reads_the_rows(auth_client, settings):
    settings.POSTING_LIST_CACHE_SECONDS = 0
    make_job()
    _read(auth_client)
    assert _read(auth_client)[1]


def test_a_filter_error_is_never_kept_and_the_page_says_what_is_wrong(auth_client, logged_in_client):
    make_job(title="Backend Engineer")
    for _ in range(2):  # the second answer is the view's again, not a cached page
        with CaptureQueriesContext(connection) as queries:
            response = auth_client.get("/api/jobs?salary_min=-5")
        assert response.status_code == 400 and "salary_min" in response.json()["error"]["details"]
    assert not any('FROM "matching_job"' in q["sql"] for q in queries.captured_queries)
    assert _titles(_read(auth_client)[0]) == ["Backend Engineer"]  # the valid list is unaffected
    page = logged_in_client.get("/jobs/?salary_min=-5")
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert _titles(page) == ["Backend Engineer"]  # an invalid filter lists everything, with the error
