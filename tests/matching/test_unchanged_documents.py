"""A feed's document fetched again byte for byte is counted unchanged without parsing (services/ingest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import Job
from matching.services import ingest as ingestion
from tests.factories import FeedFactory
from tests.matching.feeds import item, rss

pytestmark = pytest.mark.django_db

DOCUMENT = rss([item(f"Acme: Python Engineer {n}", link=f"https://example.com/jobs/{n}",
                     description=f"Build things with Django, posting {n}.") for n in range(5)]
               + [item("", link="https://example.com/jobs/untitled")])


def _refuse_to_parse(*args, **kwargs):
    raise AssertionError("an unchanged document was parsed")


def test_the_same_document_again_is_unchanged_without_parsing(user, monkeypatch):
    feed = FeedFactory(owner=user, url="https://example.com/feed.rss")
    _, first = ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert first["counts"]["new"] == 5 and first["counts"]["skipped"] == 1

    monkeypatch.setattr(ingestion, "parse_document", _refuse_to_parse)
    feed.refresh_from_db()
    parsed, again = ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert again["counts"] == {"new": 0, "updated": 0, "unchanged": 5, "skipped": 1, "failed": 0}
    assert again["reasons"] == first["reasons"]
    assert sorted(again["posting_ids"]) == sorted(first["posting_ids"])
    assert parsed.parser == "fastfeedparser"


def test_a_changed_byte_is_parsed_and_its_entries_skip_by_their_digests(user):
    feed = FeedFactory(owner=user, url="https://example.com/feed.rss")
    ingestion.ingest_document(feed=feed, content=DOCUMENT)
    _, again = ingestion.ingest_document(feed=feed, content=DOCUMENT.replace(b"Test feed", b"Test feed!"))
    assert again["counts"]["unchanged"] == 5 and again["counts"]["new"] == 0


def test_a_posting_deleted_since_is_ingested_again(user):
    feed = FeedFactory(owner=user, url="https://example.com/feed.rss")
    ingestion.ingest_document(feed=feed, content=DOCUMENT)
    Job.objects.filter(canonical_url="https://example.com/jobs/3").delete()
    feed.refresh_from_db()
    _, again = ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert again["counts"]["new"] == 1 and Job.objects.count() == 5


def test_unchanged_postings_are_touched_once_the_touch_interval_passed(user):
    feed = FeedFactory(owner=user, url="https://example.com/feed.rss")
    ingestion.ingest_document(feed=feed, content=DOCUMENT)
    long_ago = timezone.now() - timedelta(days=2)
    Job.objects.update(last_seen_at=long_ago)
    feed.refresh_from_db()
    ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert Job.objects.filter(last_seen_at=long_ago).count() == 5  # touched within the interval: not again

    feed.last_document = {**feed.last_document, "touched_at": long_ago.isoformat()}
    feed.save(update_fields=["last_document"])
    ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert not Job.objects.filter(last_seen_at=long_ago).exists()


def test_a_document_with_an_entry_that_failed_is_not_remembered(user, monkeypatch):
    feed = FeedFactory(owner=user, url="https://example.com/feed.rss")
    real = ingestion.normalise

    def failing_once(entry, **kwargs):
        if entry.url.endswith("/2"):
            raise RuntimeError("boom")
        return real(entry, **kwargs)

    monkeypatch.setattr(ingestion, "normalise", failing_once)
    _, first = ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert first["counts"]["failed"] == 1 and feed.last_document == {}
    monkeypatch.setattr(ingestion, "normalise", real)
    _, again = ingestion.ingest_document(feed=feed, content=DOCUMENT)
    assert again["counts"]["new"] == 1
