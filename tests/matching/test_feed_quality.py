"""Feeds nobody tuned for: boards recognised by shape, degraded health, skills only from prose,
nice-to-have skills apart, and one stable posting when two feeds carry the same one."""

import json

import pytest

from matching.ingest.normalise import normalise
from matching.ingest.parse import FeedParseError, RawEntry, parse_document
from matching.ingest.skills import extract_posting_skills
from matching.models import Feed, Job
from matching.services import ingest as ingestion
from tests.factories import FeedFactory
from tests.matching.feeds import item, rss

REMOTIVE_JOB = {
    "id": 1912345, "url": "https://remotive.com/remote-jobs/software-dev/backend-engineer-1912345",
    "title": "Backend Engineer", "company_name": "Acme", "company_logo": "", "category": "Software Development",
    "tags": ["python", "django"], "job_type": "full_time", "publication_date": "2026-03-01T10:00:00",
    "candidate_required_location": "Europe", "salary": "$90k - $110k",
    "description": "<p>Build APIs with Python and Django.</p><p>Nice to have:</p><ul><li>Kubernetes</li></ul>",
}


def test_a_remotive_response_saved_with_a_bom_is_read_as_remotive():
    document = b"\xef\xbb\xbf" + json.dumps({"0-legal-notice": "...", "job-count": 1, "jobs": [REMOTIVE_JOB]}).encode()
    parsed = parse_document(document)
    assert parsed.kind == "remotive"
    entry = parsed.entries[0]
    assert entry.url == REMOTIVE_JOB["url"] and entry.location == "Europe" and entry.company == "Acme"
    assert entry.posted_at is not None and "Python" in entry.description_html and entry.remote_hint == "remote"
    posting = normalise(entry)
    assert posting.remote_type == "remote"
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (90_000, 110_000, "USD")


def test_a_greenhouse_board_needs_its_own_keys():
    greenhouse = {"jobs": [{"id": 7, "title": "SRE", "absolute_url": "https://boards.greenhouse.io/acme/jobs/7",
                            "location": {"name": "Remote"}, "updated_at": "2026-01-01T00:00:00Z", "content": "&lt;p&gt;Hi&lt;/p&gt;"}]}
    assert parse_document(json.dumps(greenhouse).encode()).kind == "greenhouse"
    remotive_without_count = {"jobs": [REMOTIVE_JOB]}
    assert parse_document(json.dumps(remotive_without_count).encode()).kind == "remotive"


@pytest.mark.parametrize("document", [
    [{"name": "Engineer", "link": "https://example.com/1"}, {"name": "Designer", "link": "https://example.com/2"}],
    {"jobs": [{"name": "Engineer", "href": "https://example.com/1"}]},
    {"items": [{"name": "Engineer"}]},
], ids=["unknown list", "unknown jobs object", "items without a JSON Feed version"])
def test_an_unrecognised_json_list_of_postings_is_refused(document):
    with pytest.raises(FeedParseError) as error:
        parse_document(json.dumps(document).encode())
    assert error.value.code == "not_a_feed"


@pytest.mark.django_db
def test_a_feed_whose_postings_lack_links_and_descriptions_is_degraded(user, feed_server):
    bare = "".join(f"<item><title>Job {n}</title><guid isPermaLink='false'>id-{n}</guid></item>" for n in range(4))
    feed_server.add("/feed", rss(bare))
    feed = FeedFactory(owner=user, url=feed_server.url("/feed"))
    summary = ingestion.ingest_feed(feed_id=feed.pk)
    feed.refresh_from_db()
    assert summary["status"] == "ok" and feed.health == "degraded"
    assert "no a link and no a description" not in feed.degraded_reason
    assert "link" in feed.degraded_reason and "description" in feed.degraded_reason
    feed_server.add("/feed", rss([item("Acme: Engineer", link="https://example.com/jobs/1")]))
    feed.etag = ""
    feed.save()
    ingestion.ingest_feed(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.health == "ok" and feed.degraded_reason == ""


@pytest.mark.parametrize("text", [
    "URL: https://jobs.example.com/apply?ref=http", "Apply at http://example.com/HTTP/go",
    "Write to go.jobs@example.com", "Call go_back() and use_http_client", "See www.example.com/rust",
])
def test_skills_are_not_taken_from_urls_addresses_or_code(text):
    assert extract_posting_skills(text) == []


def test_skills_in_prose_next_to_a_link_are_still_found():
    assert extract_posting_skills("We use Python and Go. Apply: https://example.com/jobs/python") == ["Python", "Go"]


def test_nice_to_have_skills_are_kept_apart():
    description = "<p>Requirements:</p><ul><li>Python</li><li>PostgreSQL</li></ul><p>Nice to have:</p><ul><li>Kubernetes</li></ul>"
    posting = normalise(RawEntry(title="Engineer", description_html=description, url="https://example.com/1"))
    assert posting.required_skills == ["Python", "PostgreSQL"]
    assert posting.preferred_skills == ["Kubernetes"]
    assert set(posting.skills) == {"Python", "PostgreSQL", "Kubernetes"}


@pytest.mark.django_db
def test_the_same_posting_in_two_feeds_keeps_the_first_feeds_text_and_both_sources(user):
    first, second = FeedFactory(owner=user), FeedFactory(owner=user)

    def entry(region):
        return RawEntry(title="Acme: Engineer", description_html="<p>Build things.</p>",
                        url="https://example.com/jobs/5", guid="https://example.com/jobs/5", remote_hint=region)

    ingestion.ingest_entries(entries=[entry("Europe Only")], feed=first)
    for _ in range(2):  # fetch order flips: the location does not
        ingestion.ingest_entries(entries=[entry("Anywhere in the World")], feed=second)
        ingestion.ingest_entries(entries=[entry("Europe Only")], feed=first)
    job = Job.objects.get()
    assert job.location == "Europe Only" and job.origin_feed == first
    assert set(job.feeds.all()) == {first, second}
    summary = ingestion.ingest_entries(entries=[entry("Anywhere in the World")], feed=second)
    assert summary["reasons"].get("seen_in_another_feed") == 1 and summary["counts"]["updated"] == 0
    assert Feed.objects.count() == 2
