"""Matches API and pages: lists with filters, detail, recompute (202, idempotent), and owner scoping (404)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.models import BackgroundJob
from matching.services import matches as services
from matching.models import Match
from tests.matching.matches_helpers import NURSE_POSTING, make_job, make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(user):
    """A default profile with three stored matches: backend (remote, salary), django (hybrid, old), nurse."""
    backend = make_job(salary_min=150000, salary_max=180000, salary_currency="USD", salary_period="year")
    django = make_job(title="Django Engineer", company="Beta", remote_type="hybrid",
                      posted_at=timezone.now() - timedelta(days=40), salary_min=5000, salary_max=6000,
                      salary_currency="USD", salary_period="month")
    nurse = make_job(title="Night Nurse", company="Hospital", description=NURSE_POSTING, remote_type="onsite")
    profile = make_profile(user, is_default=True)
    services.recompute_matches(profile=profile)
    return {"profile": profile, "backend": backend, "django": django, "nurse": nurse}


def job_ids(response):
    assert response.status_code == 200, response.content
    return [row["job"]["id"] for row in response.json()["results"]]


def test_list_defaults_to_the_default_profile_best_first(auth_client, ranked):
    response = auth_client.get("/api/matches")
    ids = job_ids(response)
    assert ids[-1] == ranked["nurse"].pk and len(ids) == 3
    rows = response.json()["results"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert rows[0]["summary"] and rows[0]["profile"] == ranked["profile"].pk


def test_list_filters_and_ordering(auth_client, ranked):
    base = f"/api/matches?profile={ranked['profile'].pk}"
    assert job_ids(auth_client.get(base + "&remote=hybrid&remote=onsite")) == sorted(
        [ranked["django"].pk, ranked["nurse"].pk],
        key=lambda pk: -Match.objects.get(job_id=pk).score)
    nurse_score = Match.objects.get(job=ranked["nurse"]).score
    assert ranked["nurse"].pk not in job_ids(auth_client.get(base + f"&min_score={nurse_score + 0.1}"))
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert ranked["django"].pk not in job_ids(auth_client.get(base + f"&posted_since={since}"))
    # 6,000 a month is 72,000 a year: below 100,000; unstated salaries fall out too.
    assert job_ids(auth_client.get(base + "&salary_min=100000")) == [ranked["backend"].pk]
    assert job_ids(auth_client.get(base + "&salary_min=70000&ordering=salary")) == [ranked["backend"].pk, ranked["django"].pk]
    # The old name of salary_min still works on this endpoint.
    assert job_ids(auth_client.get(base + "&min_salary=100000")) == [ranked["backend"].pk]
    assert job_ids(auth_client.get(base + "&min_salary=70000&ordering=salary")) == [ranked["backend"].pk, ranked["django"].pk]
    assert job_ids(auth_client.get(base + "&ordering=newest"))[-1] == ranked["django"].pk


def test_invalid_filters_are_a_400_with_details(auth_client, ranked):
    response = auth_client.get("/api/matches?min_score=high&ordering=random")
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) >= {"min_score", "ordering"}


def test_detail_has_components_and_reasons(auth_client, ranked):
    match = Match.objects.get(job=ranked["backend"])
    body = auth_client.get(f"/api/matches/{match.pk}").json()
    assert body["score"] == match.score
    assert body["components"]["required_skills"]["label"] == "Required skills"
    assert "Python" in body["reasons"]["matched_skills"]


def test_another_users_match_and_profile_are_404(auth_client, other_user):
    theirs = make_profile(other_user)
    make_job()
    services.recompute_matches(profile=theirs)
    match = Match.objects.get(profile=theirs)

    assert auth_client.get(f"/api/matches/{match.pk}").status_code == 404
    assert auth_client.get(f"/api/matches?profile={theirs.pk}").status_code == 404
    response = auth_client.post("/api/matches/recompute", {"profile": theirs.pk}, format="json")
    assert response.status_code == 404
    assert not BackgroundJob.objects.filter(type="matches.recompute").exists()


def test_list_without_a_profile_is_empty(auth_client):
    response = auth_client.get("/api/matches")
    assert response.status_code == 200 and response.json()["results"] == []


def test_recompute_is_202_then_the_same_job_while_it_is_active(auth_client, user):
    profile = make_profile(user)
    first = auth_client.post("/api/matches/recompute", {"profile": profile.pk}, format="json")
    assert first.status_code == 202
    assert first.json()["type"] == "matches.recompute" and first.json()["status"] == "queued"
    again = auth_client.post("/api/matches/recompute", {"profile": profile.pk}, format="json")
    assert again.status_code == 200 and again.json()["job_id"] == first.json()["job_id"]
    every = auth_client.post("/api/matches/recompute", {}, format="json")
    assert every.status_code == 202 and every.json()["job_id"] != first.json()["job_id"]
    assert BackgroundJob.objects.get(pk=every.json()["job_id"]).params == {"profile_ids": None, "posting_ids": None}


def test_recompute_without_any_profile_is_a_409(auth_client):
    response = auth_client.post("/api/matches/recompute", {}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_profile"


# Pages


def test_matches_page_empty_states(logged_in_client, user):
    assert 'data-empty="no-profile"' in logged_in_client.get("/matches/").content.decode()
    make_profile(user)
    assert 'data-empty="no-postings"' in logged_in_client.get("/matches/").content.decode()
    make_job()
    body = logged_in_client.get("/matches/").content.decode()
    assert 'data-empty="no-matches"' in body and "Recompute" in body and "Text matching" in body


def test_matches_page_lists_filters_and_paginates(logged_in_client, ranked):
    body = logged_in_client.get("/matches/").content.decode()
    assert body.count("data-match-row=") == 3 and "Night Nurse" in body
    body = logged_in_client.get(f"/matches/?profile={ranked['profile'].pk}&remote=remote").content.decode()
    assert body.count("data-match-row=") == 1
    body = logged_in_client.get("/matches/?min_score=101").content.decode()
    assert "Some filters were not understood" in body
    body = logged_in_client.get("/matches/?min_score=100").content.decode()
    assert 'data-empty="filtered"' in body


def test_match_detail_page_shows_the_breakdown_and_the_registered_actions(logged_in_client, ranked):
    match = Match.objects.get(job=ranked["backend"])
    body = logged_in_client.get(f"/matches/{match.pk}/").content.decode()
    assert "<svg" in body and "data-score-chart" in body and "Required skills" in body
    assert "data-matched-skills" in body and "Python" in body
    assert "data-coming-soon" not in body and "match-actions" in body  # apps add their buttons (page_actions)
    assert "data-track-button" in body  # the tracking app's page action
    # The profile states no minimum salary: that component is shown as unknown, not as a zero.
    assert '<th scope="row">Salary fit</th><td>unknown (left out)</td>' in body


def test_another_users_match_page_is_404(logged_in_client, other_user):
    theirs = make_profile(other_user)
    make_job()
    services.recompute_matches(profile=theirs)
    match = Match.objects.get(profile=theirs)
    assert logged_in_client.get(f"/matches/{match.pk}/").status_code == 404
    assert logged_in_client.get(f"/matches/?profile={theirs.pk}").status_code == 404
    assert logged_in_client.post("/matches/recompute/", {"profile": theirs.pk}).status_code == 404


def test_recompute_button_starts_a_job_and_returns_to_the_list(logged_in_client, user):
    profile = make_profile(user)
    response = logged_in_client.post("/matches/recompute/", {"profile": profile.pk})
    assert response.status_code == 302 and response["Location"] == f"/matches/?profile={profile.pk}"
    job = BackgroundJob.objects.get(owner=user, type="matches.recompute")
    assert job.params["profile_ids"] == [profile.pk]


def test_a_match_of_a_posting_without_salary_sends_a_null_salary_period(auth_client, ranked):
    rows = {row["job"]["id"]: row["job"] for row in auth_client.get("/api/matches").json()["results"]}
    assert rows[ranked["nurse"].pk]["salary_period"] is None
    assert rows[ranked["backend"].pk]["salary_period"] == "year"


@pytest.mark.parametrize("path", ["/api/matches", "/matches/", "/api/jobs", "/jobs/", "/api/jobs?q=engineer"])
def test_lists_read_no_description_reasons_or_components_and_one_query_per_page(client_for, ranked, path):
    """What no list shows stays in the database (it was most of each row's bytes), and touching a row
    in the template or serializer loads nothing more (a deferred field read would be a query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    row_reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and (
        '"matching_job"."title"' in q["sql"])]
    assert len(row_reads) == 1, row_reads
    for column in ('"description_text"', '"description_html"', '"reasons"', '"components"', '"required_skills"'):
        assert column not in row_reads[0]
    assert "Backend Engineer" in response.content.decode()


@pytest.fixture
def client_for(auth_client, logged_in_client):
    return lambda path: auth_client if path.startswith("/api/") else logged_in_client
