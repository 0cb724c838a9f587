"""Scheduled fetching: due feeds are claimed once, even by overlapping runs; Beat knows the task."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from matching.models import Feed
from matching.services import feeds as feed_services, ingest as ingestion
from matching.tasks import fetch_due_feeds_task
from tests.factories import FeedFactory, UserFactory
from tests.matching.feeds import item, rss


def due_feeds(owner, count, url="https://example.com/{n}.rss"):
    past = timezone.now() - timedelta(minutes=1)
    return [FeedFactory(owner=owner, url=url.format(n=n), next_fetch_at=past) for n in range(count)]


@pytest.mark.django_db
def test_claimed_feeds_are_not_claimed_again_by_the_next_run(user):
    feeds = due_feeds(user, 5)
    FeedFactory(owner=user, url="https://example.com/later.rss", next_fetch_at=timezone.now() + timedelta(hours=1))
    FeedFactory(owner=user, url="https://example.com/off.rss", enabled=False, next_fetch_at=timezone.now())
    first = feed_services.claim_due_feeds(limit=3)
    second = feed_services.claim_due_feeds(limit=10)
    assert len(first) == 3 and len(second) == 2
    assert set(first) | set(second) == {feed.pk for feed in feeds}
    assert feed_services.claim_due_feeds() == []


@pytest.mark.django_db
def test_a_feed_being_fetched_by_hand_is_not_claimed_by_the_periodic_run(user):
    feeds = due_feeds(user, 2)
    feed_services.lease_feed(feed_id=feeds[0].pk)
    assert feed_services.claim_due_feeds() == [feeds[1].pk]


@pytest.mark.django_db(transaction=True)
def test_a_feed_locked_by_an_overlapping_run_is_skipped_not_waited_for():
    owner = UserFactory()
    feeds = due_feeds(owner, 4)
    locked, released = threading.Event(), threading.Event()

    def other_run():
        try:
            with transaction.atomic():
                list(Feed.objects.select_for_update().filter(pk=feeds[0].pk))
                locked.set()
                released.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert locked.wait(10)
    try:
        claimed = feed_services.claim_due_feeds(limit=10)
    finally:
        released.set()
        thread.join()
    assert feeds[0].pk not in claimed
    assert set(claimed) == {feed.pk for feed in feeds[1:]}


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_claim_disjoint_sets():
    owner = UserFactory()
    feeds = due_feeds(owner, 40)
    results, errors = [], []

    def run():
        try:
            results.append(feed_services.claim_due_feeds(limit=7))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    claimed = [pk for batch in results for pk in batch]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) <= {feed.pk for feed in feeds}


@pytest.mark.django_db
def test_periodic_task_fetches_due_feeds_and_schedules_the_next_fetch(user, feed_server):
    feed_server.add("/a", rss([item("Acme: Engineer")]))
    feed = FeedFactory(owner=user, url=feed_server.url("/a"), next_fetch_at=timezone.now() - timedelta(seconds=5),
                               fetch_interval_minutes=30)
    result = fetch_due_feeds_task()
    assert result == {"feeds": 1, "failed": 0}
    feed.refresh_from_db()
    assert feed.health == "ok"
    assert feed.next_fetch_at > timezone.now() + timedelta(minutes=29)
    assert fetch_due_feeds_task() == {"feeds": 0, "failed": 0}


def test_fetch_due_feeds_is_registered_for_beat_on_the_io_queue():
    from jobly import periodic

    spec = periodic.REGISTRY["matching.fetch_due_feeds"]
    assert spec.task == "matching.fetch_due_feeds" and spec.queue == "io" and spec.expires_seconds == spec.every_seconds


@pytest.mark.django_db(transaction=True)
def test_concurrent_ingestion_of_the_same_postings_never_duplicates():
    """RELIABILITY row 17: the content-hash unique constraint, not luck, keeps one row per posting."""
    from matching.ingest.parse import parse_document
    from tests.matching.feeds import WWR_FEEDS, read

    entries = parse_document(read(WWR_FEEDS[1])).entries
    owner = UserFactory()
    feeds = [FeedFactory(owner=owner, url=f"https://example.com/{n}.rss") for n in range(4)]
    errors = []
    barrier = threading.Barrier(4)

    def ingest(feed):
        try:
            barrier.wait(10)
            for _ in range(3):
                ingestion.ingest_entries(entries=entries, feed=feed)
        except Exception as error:  # surfaced by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest, args=(feed,)) for feed in feeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    from matching.models import Job

    assert Job.objects.count() == Job.objects.values("content_hash").distinct().count() == 59
    assert all(job.feeds.count() == 4 for job in Job.objects.all())
