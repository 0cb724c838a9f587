"""Everything that writes feeds and postings: feed CRUD, ingestion, health, pasting and imports."""

import html
import logging
import re
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobly import background
from jobly.errors import DomainError, NotFound, PermanentError, TransientError
from jobly.events import publish
from jobly.http import FetchRefused, FetchTransientError, check_url, clean_url, safe_fetch
from matching.ingest import opml
from matching.ingest.fetch import fetch_feed
from matching.ingest.normalise import SkipEntry, normalise, plain_line, source_of
from matching.ingest.parse import RawEntry, parse_document
from matching.models import Feed, Job

logger = logging.getLogger("matching.services")
JOB_FIELDS = [
    "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency", "salary_period",
    "employment_type", "seniority", "description_html", "description_text", "canonical_url", "external_id",
    "posted_at", "source", "skills", "content_hash",
]
COUNT_KEYS = ("new", "updated", "unchanged", "skipped", "failed")


def _noop(*args, **kwargs):
    pass


def _skill_extractor():
    """jobly.skills.extract_skills when the vocabulary is installed; postings keep [] otherwise."""
    try:
        from jobly.skills import extract_skills
    except ImportError:
        logger.warning("jobly.skills.extract_skills is not available; postings get no skills")
        return None
    return extract_skills


# --- feeds ----------------------------------------------------------------------------------


def validate_feed_url(url):
    """Refuse at submit what the fetcher would refuse (422 url_not_allowed / scheme / port).

    A host that does not resolve right now is accepted: the fetcher checks again every time.
    Returns the URL as stored (jobly.http.clean_url: punycode host, percent-encoded path).
    """
    url = clean_url(url)
    try:
        check_url(url)
    except FetchTransientError:
        pass
    return url


def create_feed(*, user, url, title="", kind=Feed.Kind.AUTO, fetch_interval_minutes=60, enabled=True):
    url = validate_feed_url(url)
    if Feed.objects.filter(owner=user, url=url).exists():
        raise DomainError("You already follow this feed.", code="feed_exists", status=409)
    try:
        with transaction.atomic():
            return Feed.objects.create(
                owner=user, url=url, title=title.strip()[:300], kind=kind,
                fetch_interval_minutes=fetch_interval_minutes, enabled=enabled, next_fetch_at=timezone.now(),
            )
    except IntegrityError as error:
        raise DomainError("You already follow this feed.", code="feed_exists", status=409) from error


def update_feed(*, feed, **changes):
    if "url" in changes and changes["url"] != feed.url:
        changes["url"] = validate_feed_url(changes["url"])
        feed.etag = feed.last_modified = ""
    for name, value in changes.items():
        setattr(feed, name, value)
    if changes.get("enabled"):
        # Re-enabling a feed gives it a fresh start.
        feed.consecutive_failures = 0
        feed.disabled_reason = ""
        feed.next_fetch_at = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the duplicate must not poison an outer transaction
            feed.save()
    except IntegrityError as error:
        raise DomainError("You already follow this feed.", code="feed_exists", status=409) from error
    return feed


def delete_feed(*, feed):
    feed.delete()


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
            raise DomainError("You have no enabled feeds to fetch.", code="no_feeds", status=400)
    return background.enqueue(
        user=user, type="feeds.ingest", params={"feed_ids": feed_ids},
        message=f"Fetching {len(feed_ids)} feed{'s' if len(feed_ids) != 1 else ''}",
    )


# --- ingestion ------------------------------------------------------------------------------


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
    """Normalise raw entries and upsert them; returns {"entries", "counts", "reasons", "job_ids"}."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    reasons = {}
    cap = settings.FEED_MAX_ENTRIES_PER_FETCH
    if len(entries) > cap:
        counts["skipped"] += len(entries) - cap
        reasons["over_entry_cap"] = len(entries) - cap
        entries = entries[:cap]
    extract_skills = _skill_extractor()
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
    return {"entries": total, "counts": counts, "reasons": reasons, "job_ids": upserted["job_ids"]}


def upsert_postings(*, postings, feed=None, submitted_by=None, now=None):
    """Insert new postings, update changed ones, touch unchanged ones, in one transaction.

    Dedupe: the canonical URL finds the same posting re-published (content may have changed);
    the content hash (unique in the database) collapses identical postings under other URLs.
    """
    now = now or timezone.now()
    counts = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    reasons = {}
    unique, seen_urls, seen_hashes = [], set(), set()
    for posting in postings:
        if (posting.canonical_url and posting.canonical_url in seen_urls) or posting.content_hash in seen_hashes:
            counts["skipped"] += 1
            reasons["duplicate_in_feed"] = reasons.get("duplicate_in_feed", 0) + 1
            continue
        seen_urls.add(posting.canonical_url)
        seen_hashes.add(posting.content_hash)
        unique.append(posting)

    with transaction.atomic():
        urls = [p.canonical_url for p in unique if p.canonical_url]
        by_url = {}
        for job in Job.objects.filter(canonical_url__in=urls).order_by("id"):
            by_url.setdefault(job.canonical_url, job)
        by_hash = {job.content_hash: job for job in Job.objects.filter(content_hash__in=[p.content_hash for p in unique])}
        new_jobs, changed_jobs, touched_ids, job_ids = [], [], [], []
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
            job_ids.append(existing.pk)

        if new_jobs:
            new_jobs.sort(key=lambda job: job.content_hash)  # one lock order: concurrent runs cannot deadlock
            created = Job.objects.bulk_create(
                new_jobs, update_conflicts=True, unique_fields=["content_hash"], update_fields=["last_seen_at"],
            )
            counts["new"] += len(created)
            job_ids.extend(job.pk for job in created if job.pk)
        if changed_jobs:
            changed_jobs.sort(key=lambda job: job.pk)
            Job.objects.bulk_update(changed_jobs, [*JOB_FIELDS, "last_seen_at"], batch_size=500)
        if touched_ids:
            Job.objects.filter(pk__in=sorted(touched_ids)).update(last_seen_at=now)
        # A posting a feed brings (or a second user submits) is public, even if pasted privately before.
        Job.objects.filter(pk__in=job_ids, submitted_by__isnull=False).exclude(submitted_by=submitted_by).update(
            submitted_by=None
        )
        if feed is not None and job_ids:
            links = [Job.feeds.through(job_id=job_id, feed_id=feed.pk) for job_id in sorted(set(job_ids))]
            Job.feeds.through.objects.bulk_create(links, ignore_conflicts=True)
    from matching.matches.services import after_postings_upserted  # here: matches import this module

    after_postings_upserted(counts=counts, job_ids=job_ids)
    return {"counts": counts, "reasons": reasons, "job_ids": job_ids}


def _backoff(feed, *, transient):
    """A timeout or 5xx is retried soon (1, 2, 4 minutes) the first times; then, and for permanent
    errors, the wait doubles from twice the feed's interval up to FEED_BACKOFF_MAX_MINUTES."""
    failures = feed.consecutive_failures
    if transient and failures <= settings.FEED_QUICK_RETRIES:
        minutes = 2 ** (failures - 1)
    else:
        minutes = feed.fetch_interval_minutes * (2 ** min(failures, 16))
    return timedelta(minutes=min(minutes, settings.FEED_BACKOFF_MAX_MINUTES))


def record_feed_success(*, feed_id, counts, etag=None, last_modified=None, title="", entries_seen=0, not_modified=False):
    now = timezone.now()
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
        if feed is None:
            return None
        feed.last_fetched_at = feed.last_success_at = now
        feed.consecutive_failures = 0
        feed.last_error_code = feed.last_error_message = ""
        feed.next_fetch_at = now + timedelta(minutes=feed.fetch_interval_minutes)
        if not not_modified:
            feed.etag = etag or ""
            feed.last_modified = last_modified or ""
            feed.last_counts = counts
            feed.entries_total += entries_seen
        title = plain_line(title, 300)
        if title and not feed.title:
            feed.title = title
        feed.save()
        return feed


def record_feed_failure(*, feed_id, code, message, transient=False, notify_user_id=None):
    """Count the failure, back off exponentially, disable after the limit, and publish feed.failed."""
    now = timezone.now()
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
        if feed is None:
            return None
        feed.last_fetched_at = feed.last_error_at = now
        feed.last_error_code = code[:64]
        feed.last_error_message = message[:500]
        feed.consecutive_failures += 1
        feed.next_fetch_at = now + _backoff(feed, transient=transient)
        if feed.consecutive_failures >= settings.FEED_MAX_CONSECUTIVE_FAILURES:
            feed.enabled = False
            feed.disabled_reason = f"Disabled after {feed.consecutive_failures} failures in a row (last: {code})."
        feed.save()
        recipient = feed.owner_id or notify_user_id
        if recipient:
            publish(recipient, "feed.failed", {
                "feed_id": feed.pk, "title": feed.title or feed.url, "code": code, "message": message[:500],
                "consecutive_failures": feed.consecutive_failures, "disabled": not feed.enabled,
                "next_fetch_at": feed.next_fetch_at.isoformat(),
            })
        return feed


def _lease_until(now):
    return now + timedelta(seconds=max(60, 3 * settings.FEED_FETCH_TIMEOUT))


def lease_feed(*, feed_id):
    """A manual fetch moves the feed out of the periodic run's reach while it works."""
    Feed.objects.filter(pk=feed_id).update(next_fetch_at=_lease_until(timezone.now()))


def claim_due_feeds(*, limit=None, now=None):
    """Claim due feeds for this run: locked rows are skipped, claimed ones pushed past the lease.

    Two overlapping runs (or two beats) never get the same feed (RELIABILITY row 10).
    """
    now = now or timezone.now()
    limit = limit or settings.FEED_DUE_BATCH_SIZE
    lease = _lease_until(now)
    with transaction.atomic():
        ids = list(
            Feed.objects.due(now).order_by("next_fetch_at", "id").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Feed.objects.filter(pk__in=ids).update(next_fetch_at=lease)
    return ids


def fetch_due_feeds():
    """The periodic run: claim due feeds and ingest each; returns the per-feed summaries."""
    return [ingest_feed(feed_id=feed_id) for feed_id in claim_due_feeds()]


# --- other ways in --------------------------------------------------------------------------


def add_pasted_posting(*, user, text="", url="", title="", company=""):
    """A posting pasted as text, or given by URL (fetched safely). Private to the user until a feed brings it."""
    text = (text or "").strip()
    url = clean_url(url) if (url or "").strip() else ""
    if not text and not url:
        raise PermanentError("Paste the posting's text or give its URL.", code="invalid", status=400,
                             details={"text": ["Give text or a URL."]})
    html_text = ""
    if url:
        if not text:
            try:
                response = safe_fetch(url, headers={"Accept": "text/html, text/plain;q=0.9"})
            except FetchTransientError as error:
                # The user is waiting for this answer: their URL not answering is theirs to fix or retry.
                raise PermanentError(f"The posting could not be fetched: {error.message}", code=error.code,
                                     status=422) from error
            html_text = _decode(response.content, response.charset)
            if not title:
                title = _html_title(html_text)
    if text:
        first_line = text.splitlines()[0].strip()
        title = title or first_line[:300]
        description = "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())
    else:
        description = _main_content(html_text)
    entry = RawEntry(title=title, company=company, description_html=description, url=url)
    try:
        posting = normalise(entry, source="paste", extract_skills=_skill_extractor())
    except SkipEntry as skip:
        raise PermanentError("The posting has no title.", code=skip.reason, status=400) from skip
    result = upsert_postings(postings=[posting], submitted_by=user)
    job = Job.objects.get(content_hash=posting.content_hash)
    return job, bool(result["counts"]["new"])


def import_feed_file(*, user, content, filename=""):
    """An uploaded OPML list creates feeds; an uploaded RSS/Atom/JSON file is ingested as postings."""
    if opml.looks_like_opml(content):
        created, skipped = [], []
        for outline in opml.parse_opml(content):
            try:
                created.append(create_feed(user=user, url=outline.url, title=plain_line(outline.title, 300)))
            except (FetchRefused, DomainError) as error:
                skipped.append({"url": outline.url[:300], "code": error.code})
        return {"kind": "opml", "feeds_created": [feed.pk for feed in created], "skipped": skipped}
    parsed = parse_document(content)
    summary = ingest_entries(entries=parsed.entries, submitted_by=user, source="upload")
    return {"kind": parsed.kind, "title": parsed.title, **summary}


def _decode(content, charset):
    for encoding in (charset, "utf-8"):
        if not encoding:
            continue
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def _escape(text):
    return html.escape(text).replace("\n", "<br>")


def _html_title(html_text):
    match = re.search(r"<title[^>]*>(.*?)</title>", html_text, re.I | re.S)
    return match.group(1).strip()[:300] if match else ""


def _main_content(html_text):
    """The page's <main>/<article> if it has one, else its <body>; sanitised later."""
    for tag in ("main", "article", "body"):
        match = re.search(rf"<{tag}\b[^>]*>(.*)</{tag}>", html_text, re.I | re.S)
        if match:
            return match.group(1)
    return html_text
