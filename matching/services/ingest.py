"""Ingestion: fetch a feed, parse and normalise its entries, and upsert them as postings (deduplicated).

`start_ingest` queues the "feeds.ingest" background job; `fetch_due_feeds` is Beat's periodic run.
"""

import logging
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobly import background
from jobly.errors import DomainError, InvalidInput, NotFound, TransientError
from jobly.skills import extract_skills
from matching.ingest.fetch import fetch_feed
from matching.ingest.normalise import SkipEntry, normalise, source_of
from matching.ingest.parse import parse_document
from matching.models import Feed, Job
from matching.services.feeds import claim_due_feeds, record_feed_failure, record_feed_success
from matching.services.triggers import after_postings_upserted

logger = logging.getLogger("matching.services")
JOB_FIELDS = [
    "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency", "salary_period",
    "employment_type", "seniority", "description_html", "description_text", "canonical_url", "external_id",
    "posted_at", "source", "skills", "content_hash",
]
COUNT_KEYS = ("new", "updated", "unchanged", "skipped", "failed")


def _noop(*args, **kwargs):
    pass


def start_ingest(*, user, feed_ids=None):
    """Start the "feeds.ingest" background job for some or all of the user's feeds."""
    visible = Feed.objects.for_user(user)
    if feed_ids:
        feed_ids = sorted({int(pk) for pk in feed_ids})
        found = set(visible.filter(pk__in=feed_ids).values_list("pk", flat=True))
        missing = [pk for pk in feed_ids if pk not in found]
        if missing:
            raise NotFound("Feed not found.", details={"feed_ids": missing})
    else:
        feed_ids = sorted(Feed.objects.owned_by(user).filter(enabled=True).values_list("pk", flat=True))
        if not feed_ids:
            raise InvalidInput("You have no enabled feeds to fetch.", code="no_feeds")
    return background.enqueue(
        user=user, type="feeds.ingest", params={"feed_ids": feed_ids},
        message=f"Fetching {len(feed_ids)} feed{'s' if len(feed_ids) != 1 else ''}",
    )


def ingest_feed(*, feed_id, notify_user_id=None, on_item=_noop):
    """Fetch, parse, normalise and upsert one feed; record its health. Never raises for feed trouble.

    Returns a summary: {"feed_id", "status": ok|not_modified|failed, "counts", "reasons", "error"}.
    """
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return {"feed_id": feed_id, "status": "failed", "error": {"code": "feed_gone", "message": "The feed was deleted."}}
    try:
        fetched = fetch_feed(url=feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            record_feed_success(feed_id=feed.pk, counts={key: 0 for key in COUNT_KEYS}, not_modified=True)
            return {"feed_id": feed.pk, "title": feed.title, "status": "not_modified", "counts": {}, "reasons": {}}
        parsed = parse_document(fetched.content, kind=feed.kind, content_type=fetched.content_type)
        summary = ingest_entries(
            entries=parsed.entries, feed=feed, default_source=source_of(fetched.final_url), on_item=on_item
        )
    except DomainError as error:
        code, message, transient = error.code, error.message, isinstance(error, TransientError)
    except Exception:  # a parser bug must still end as a recorded feed failure, not a crash
        logger.exception("ingesting feed %s failed unexpectedly", feed.pk)
        code, message, transient = "internal_error", "An unexpected error stopped this fetch.", False
    else:
        code = None
    if code is not None:
        record_feed_failure(
            feed_id=feed.pk, code=code, message=message, transient=transient, notify_user_id=notify_user_id
        )
        return {"feed_id": feed.pk, "title": feed.title, "status": "failed", "error": {"code": code, "message": message}}
    record_feed_success(
        feed_id=feed.pk, counts=summary["counts"], etag=fetched.etag, last_modified=fetched.last_modified,
        title=parsed.title, entries_seen=summary["entries"],
    )
    return {"feed_id": feed.pk, "title": feed.title or parsed.title, "status": "ok", **summary, "warnings": parsed.warnings}


def ingest_entries(*, entries, feed=None, source="", default_source="", submitted_by=None, on_item=_noop):
    """Normalise raw entries and upsert them; returns {"entries", "counts", "reasons", "posting_ids"}."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    reasons = {}
    cap = settings.FEED_MAX_ENTRIES_PER_FETCH
    if len(entries) > cap:
        counts["skipped"] += len(entries) - cap
        reasons["over_entry_cap"] = len(entries) - cap
        entries = entries[:cap]
    now = timezone.now()
    postings = []
    total = len(entries)
    for index, entry in enumerate(entries, start=1):
        try:
            postings.append(normalise(
                entry, source=source, default_source=default_source, now=now, extract_skills=extract_skills
            ))
        except SkipEntry as skip:
            counts["skipped"] += 1
            reasons[skip.reason] = reasons.get(skip.reason, 0) + 1
        except Exception as error:  # one odd entry must not sink the feed
            logger.warning("entry failed to normalise: %s", type(error).__name__)
            counts["failed"] += 1
            reasons[f"normalise_error:{type(error).__name__}"] = reasons.get(f"normalise_error:{type(error).__name__}", 0) + 1
        on_item(index, total)
    upserted = upsert_postings(postings=postings, feed=feed, submitted_by=submitted_by, now=now)
    for key in ("new", "updated", "unchanged", "skipped"):
        counts[key] += upserted["counts"][key]
    for reason, number in upserted["reasons"].items():
        reasons[reason] = reasons.get(reason, 0) + number
    return {"entries": total, "counts": counts, "reasons": reasons, "posting_ids": upserted["posting_ids"]}


def upsert_postings(*, postings, feed=None, submitted_by=None, now=None):
    """Insert new postings, update changed ones, touch unchanged ones, in one transaction.

    Dedupe: the canonical URL finds the same posting re-published (content may have changed);
    the content hash (unique in the database) collapses identical postings under other URLs.
    Returns {"counts", "reasons", "posting_ids"}; matching is triggered after commit.
    """
    now = now or timezone.now()
    unique, duplicates = _unique_in_batch(postings)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "skipped": duplicates}
    reasons = {"duplicate_in_feed": duplicates} if duplicates else {}
    with transaction.atomic():
        written, posting_ids = _write_postings(unique, submitted_by=submitted_by, now=now)
        counts.update(written)
        _publish_and_link(posting_ids, feed=feed, submitted_by=submitted_by)
    after_postings_upserted(counts=counts, posting_ids=posting_ids)
    return {"counts": counts, "reasons": reasons, "posting_ids": posting_ids}


def _unique_in_batch(postings):
    """The batch without repeats of a canonical URL or content hash; and how many were dropped."""
    unique, seen_urls, seen_hashes = [], set(), set()
    for posting in postings:
        if (posting.canonical_url and posting.canonical_url in seen_urls) or posting.content_hash in seen_hashes:
            continue
        seen_urls.add(posting.canonical_url)
        seen_hashes.add(posting.content_hash)
        unique.append(posting)
    return unique, len(postings) - len(unique)


def _write_postings(unique, *, submitted_by, now):
    """Insert, update or touch each posting against the stored ones; returns (counts, posting ids)."""
    urls = [p.canonical_url for p in unique if p.canonical_url]
    by_url = {}
    for job in Job.objects.filter(canonical_url__in=urls).order_by("id"):
        by_url.setdefault(job.canonical_url, job)
    by_hash = {job.content_hash: job for job in Job.objects.filter(content_hash__in=[p.content_hash for p in unique])}
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    new_jobs, changed_jobs, touched_ids, posting_ids = [], [], [], []
    for posting in unique:
        existing = by_hash.get(posting.content_hash) or by_url.get(posting.canonical_url)
        if existing is None:
            new_jobs.append(Job(**asdict(posting), first_seen_at=now, last_seen_at=now, submitted_by=submitted_by))
            continue
        if existing.content_hash == posting.content_hash:
            counts["unchanged"] += 1
            touched_ids.append(existing.pk)
        else:
            for name in JOB_FIELDS:
                setattr(existing, name, getattr(posting, name))
            existing.last_seen_at = now
            changed_jobs.append(existing)
            counts["updated"] += 1
        posting_ids.append(existing.pk)
    if new_jobs:
        new_jobs.sort(key=lambda job: job.content_hash)  # one lock order: concurrent runs cannot deadlock
        created = Job.objects.bulk_create(
            new_jobs, update_conflicts=True, unique_fields=["content_hash"], update_fields=["last_seen_at"],
        )
        counts["new"] += len(created)
        posting_ids.extend(job.pk for job in created if job.pk)
    if changed_jobs:
        changed_jobs.sort(key=lambda job: job.pk)
        Job.objects.bulk_update(changed_jobs, [*JOB_FIELDS, "last_seen_at"], batch_size=500)
    if touched_ids:
        Job.objects.filter(pk__in=sorted(touched_ids)).update(last_seen_at=now)
    return counts, posting_ids


def _publish_and_link(posting_ids, *, feed, submitted_by):
    """A posting a feed brings (or a second user submits) is public, even if pasted privately before."""
    Job.objects.filter(pk__in=posting_ids, submitted_by__isnull=False).exclude(submitted_by=submitted_by).update(
        submitted_by=None
    )
    if feed is not None and posting_ids:
        links = [Job.feeds.through(job_id=job_id, feed_id=feed.pk) for job_id in sorted(set(posting_ids))]
        Job.feeds.through.objects.bulk_create(links, ignore_conflicts=True)


def fetch_due_feeds():
    """The periodic run: claim due feeds and ingest each; returns the per-feed summaries."""
    return [ingest_feed(feed_id=feed_id) for feed_id in claim_due_feeds()]
