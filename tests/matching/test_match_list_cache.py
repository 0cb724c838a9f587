"""The /api/matches read cache: a repeated page reads no match rows, a recompute or a posting's new text
shows on the next read, the whole URL is the key, users never share a page, and errors are never cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.services import matches as services
from tests.matching.matches_helpers import make_job, make_profile, match_index_dir  # noqa: F401
from tests.matching.test_matches_api import job_ids, ranked  # noqa: F401

pytestmark = pytest.mark.django_db


def _read(client, path="/api/matches"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries.captured_queries if '"matching_match"' in q["sql"]]


def test_a_repeated_page_reads_no_match_rows(auth_client, ranked):  # noqa: F811
    first, first_reads = _read(auth_client)
    again, again_reads = _read(auth_client)
    assert first_reads and again_reads == []
    assert again.json() == first.json() and len(job_ids(again)) == 3


def test_a_recompute_and_a_postings_new_text_show_on_the_next_read(auth_client, ranked):  # noqa: F811
    before = job_ids(_read(auth_client)[0])
    added = make_job(title="Staff Backend Engineer", company="Gamma")
    services.recompute_matches(profile=ranked["profile"], posting_ids=[added.pk])
    after = job_ids(_read(auth_client)[0])
    assert added.pk in after and len(after) == len(before) + 1
    job = ranked["backend"]
    job.title = "Principal Backend Engineer"
    job.save()
    titles = [row["job"]["title"] for row in _read(auth_client)[0].json()["results"]]
    assert "Principal Backend Engineer" in titles


def test_filters_and_pages_are_part_of_the_key(auth_client, ranked):  # noqa: F811
    everything = job_ids(_read(auth_client)[0])
    remote_only = job_ids(_read(auth_client, "/api/matches?remote=remote")[0])
    assert set(remote_only) < set(everything)
    assert job_ids(_read(auth_client, "/api/matches?page_size=1")[0]) == everything[:1]
    assert job_ids(_read(auth_client, "/api/matches?page_size=1&page=2")[0]) == everything[1:2]


def test_users_never_share_a_page_and_errors_are_not_kept(auth_client, ranked, other_user):  # noqa: F811
    from rest_framework.test import APIClient

    assert len(job_ids(_read(auth_client)[0])) == 3
    other = APIClient()
    other.force_authenticate(other_user)
    assert _read(other)[0].json()["results"] == []
    assert _read(other, f"/api/matches?profile={ranked['profile'].pk}")[0].status_code == 404
    for _ in range(2):
        response, _ = _read(auth_client, "/api/matches?min_score=101")
        assert response.status_code == 400


def test_turned_off_every_read_reads_the_rows(auth_client, ranked, settings):  # noqa: F811
    settings.MATCH_LIST_CACHE_SECONDS = 0
    _read(auth_client)
    assert _read(auth_client)[1]


def test_the_matches_page_keeps_its_rows_until_a_recompute(logged_in_client, ranked):  # noqa: F811
    first, first_reads = _read(logged_in_client, "/matches/")
    again, again_reads = _read(logged_in_client, "/matches/")
    assert first_reads and again_reads == []
    assert again.content.decode().count("data-match-row=") == 3
    added = make_job(title="Staff Backend Engineer", company="Gamma")
    services.recompute_matches(profile=ranked["profile"], posting_ids=[added.pk])
    body = _read(logged_in_client, "/matches/")[0].content.decode()
    assert body.count("data-match-row=") == 4 and "Staff Backend Engineer" in body
    assert 'name="csrfmiddlewaretoken"' in body  # the recompute form's token is the request's, never cached


def test_an_empty_pages_state_follows_the_postings_at_once(logged_in_client, user):
    make_profile(user, is_default=True)
    assert 'data-empty="no-postings"' in _read(logged_in_client, "/matches/")[0].content.decode()
    make_job()
    assert 'data-empty="no-matches"' in _read(logged_in_client, "/matches/")[0].content.decode()
