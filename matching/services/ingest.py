"""Ingestion: fetch a feed, parse and normalise its entries, and upsert them as postings (deduplicated).

`start_ingest` queues the "feeds.ingest" background job; `fetch_due_feeds` is Beat's periodic run.
"""

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from jobly import background
from jobly.errors import DomainError, InvalidInput, NotFound, TransientError
from matching.ingest.fetch import fetch_feed
from matching.ingest.normalise import SkipEntry, clean_text, normalise, source_of
from matching.ingest.parse import ParsedFeed, parse_document
from matching.models import Feed, Job
from matching.services.feeds import claim_due_feeds, record_feed_failure, record_feed_success
from matching.services.upsert import TOUCH_AFTER, server_bound_cursor, touch_postings, upsert_postings

logger = logging.getLogger("matching.services")
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
        parsed, summary = ingest_document(
            feed=feed, content=fetched.content, content_type=fetched.content_type,
            default_source=source_of(fetched.final_url), on_item=on_item,
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
    degraded = degraded_reason(summary)
    record_feed_success(
        feed_id=feed.pk, counts=summary["counts"], etag=fetched.etag, last_modified=fetched.last_modified,
        title=parsed.title, entries_seen=summary["entries"], degraded_reason=degraded,
    )
    warnings = [*parsed.warnings, *([degraded] if degraded else [])]
    return {"feed_id": feed.pk, "title": feed.title or parsed.title, "status": "ok", **summary, "warnings": warnings,
            "parser": parsed.parser}


def document_digest(content, *, kind="auto", content_type=""):
    """A digest of the fetched bytes and of what decides how they are read (kind, charset, entry cap)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{kind}\x1f{content_type}\x1f{settings.FEED_MAX_ENTRIES_PER_FETCH}\x1f".encode())
    digest.update(content)
    return digest.hexdigest()


def ingest_document(*, feed, content, content_type="", default_source="", on_item=_noop, max_bytes=None):
    """Parse and ingest a feed's document; (ParsedFeed, summary) like `ingest_entries`.

    The same bytes as the feed's last fully ingested document, with every posting it gave still stored,
    are counted unchanged without parsing: one digest, one query, and a touch of last_seen_at at most
    once per TOUCH_AFTER.
    """
    digest = document_digest(content, kind=feed.kind, content_type=content_type)
    unchanged = _unchanged_document(feed, digest)
    if unchanged is not None:
        return unchanged
    parsed = parse_document(content, kind=feed.kind, content_type=content_type, max_bytes=max_bytes)
    summary = ingest_entries(entries=parsed.entries, feed=feed, default_source=default_source, on_item=on_item)
    _remember_document(feed, digest, parsed, summary)
    return parsed, summary


def _remember_document(feed, digest, parsed, summary):
    counts = summary["counts"]
    if counts["failed"]:
        state = {}  # an entry that failed is tried again next time
    else:
        skipped = {reason: n for reason, n in summary["reasons"].items() if reason != "seen_in_another_feed"}
        state = {"digest": digest, "entries": summary["entries"], "posting_ids": sorted(set(summary["posting_ids"])),
                 "skipped": counts["skipped"], "reasons": skipped, "title": parsed.title, "parser": parsed.parser,
                 "warnings": parsed.warnings, "quality": summary["quality"], "touched_at": timezone.now().isoformat()}
    Feed.objects.filter(pk=feed.pk).update(last_document=state)
    feed.last_document = state


def _unchanged_document(feed, digest):
    state = feed.last_document or {}
    if state.get("digest") != digest:
        return None
    posting_ids = state["posting_ids"]
    if _count_stored(posting_ids) != len(posting_ids):
        return None  # postings were deleted since: ingest again
    now = timezone.now()
    if now - datetime.fromisoformat(state["touched_at"]) >= TOUCH_AFTER:
        touch_postings(posting_ids, now)
        state = {**state, "touched_at": now.isoformat()}
        Feed.objects.filter(pk=feed.pk).update(last_document=state)
        feed.last_document = state
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["skipped"] = state["skipped"]
    counts["unchanged"] = state["entries"] - state["skipped"]
    parsed = ParsedFeed(title=state["title"], kind=feed.kind, entries=[], warnings=list(state["warnings"]),
                        parser=state["parser"])
    summary = {"entries": state["entries"], "counts": counts, "reasons": dict(state["reasons"]),
               "posting_ids": list(posting_ids), "quality": dict(state["quality"])}
    return parsed, summary


def raw_digest(entry):
    """A digest of the entry as the source gave it: same digest and guid, nothing to normalise again."""
    material = "\x1f".join([
        entry.guid, entry.title, entry.company, entry.location, entry.description_html, entry.url,
        entry.posted_at.isoformat() if entry.posted_at else "", "\x1e".join(entry.tags), entry.employment_type,
        repr((entry.salary_min, entry.salary_max)), entry.salary_currency, entry.salary_period, entry.salary_text,
        entry.remote_hint,
    ])
    return hashlib.blake2b(material.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _already_stored(digests, *, submitted_by):
    """{(guid, digest): job id} of stored rows this writer may match (public, or its own private ones)."""
    digests = sorted(set(digests))
    if connection.vendor == "postgresql":  # one array parameter: thousands of IN (…) literals cost seconds
        table = connection.ops.quote_name(Job._meta.db_table)
        scope = "(submitted_by_id IS NULL OR submitted_by_id = %s)" if submitted_by is not None else "submitted_by_id IS NULL"
        params = [digests, *([submitted_by.pk] if submitted_by is not None else [])]
        with server_bound_cursor() as cursor:
            cursor.execute(f"SELECT external_id, raw_hash, id FROM {table} WHERE raw_hash = ANY(%s) AND {scope}", params)
            rows = cursor.fetchall()
    else:
        scope = Q(submitted_by__isnull=True) | Q(submitted_by=submitted_by) if submitted_by is not None else Q(submitted_by__isnull=True)
        rows = Job.objects.filter(scope, raw_hash__in=digests).values_list("external_id", "raw_hash", "id")
    return {(guid, digest): pk for guid, digest, pk in rows}


def _count_stored(ids):
    if connection.vendor != "postgresql":
        return Job.objects.filter(pk__in=ids).count()
    with server_bound_cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(Job._meta.db_table)} WHERE id = ANY(%s)", [ids])
        return cursor.fetchone()[0]


def ingest_entries(*, entries, feed=None, source="", default_source="", submitted_by=None, on_item=_noop):
    """Normalise raw entries and upsert them; returns {"entries", "counts", "reasons", "posting_ids", "quality"}.

    Entries whose guid and raw digest are already stored are counted unchanged without normalising.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    reasons = {}
    cap = settings.FEED_MAX_ENTRIES_PER_FETCH
    if len(entries) > cap:
        counts["skipped"] += len(entries) - cap
        reasons["over_entry_cap"] = len(entries) - cap
        entries = entries[:cap]
    now = timezone.now()
    postings, seen_ids = [], []
    total = len(entries)
    digests = [raw_digest(entry) for entry in entries]
    stored = _already_stored(digests, submitted_by=submitted_by) if entries else {}
    quality = {"without_url": 0, "without_description": 0}
    for index, (entry, digest) in enumerate(zip(entries, digests, strict=True), start=1):
        quality["without_url"] += not entry.url and not entry.guid.startswith("http")
        quality["without_description"] += not entry.description_html.strip()
        known = stored.get((clean_text(entry.guid, 500), digest))
        if known is not None and entry.guid:
            seen_ids.append(known)
            on_item(index, total)
            continue
        try:
            posting = normalise(entry, source=source, default_source=default_source, now=now)
            posting.raw_hash = digest
            postings.append(posting)
        except SkipEntry as skip:
            counts["skipped"] += 1
            reasons[skip.reason] = reasons.get(skip.reason, 0) + 1
        except Exception as error:  # one odd entry must not sink the feed
            logger.warning("entry failed to normalise: %s", type(error).__name__)
            counts["failed"] += 1
            reasons[f"normalise_error:{type(error).__name__}"] = reasons.get(f"normalise_error:{type(error).__name__}", 0) + 1
        on_item(index, total)
    upserted = upsert_postings(postings=postings, feed=feed, submitted_by=submitted_by, now=now, seen_ids=seen_ids)
    for key in ("new", "updated", "unchanged", "skipped"):
        counts[key] += upserted["counts"][key]
    for reason, number in upserted["reasons"].items():
        reasons[reason] = reasons.get(reason, 0) + number
    return {"entries": total, "counts": counts, "reasons": reasons, "posting_ids": upserted["posting_ids"],
            "quality": quality}


def degraded_reason(summary):
    """Why a successful fetch still deserves attention: most postings lack a URL or a description."""
    total, quality = summary["entries"], summary.get("quality") or {}
    if not total:
        return ""
    missing = [name for key, name in (("without_url", "link"), ("without_description", "description"))
               if quality.get(key, 0) * 2 > total]
    if not missing:
        return ""
    return f"Most postings of the last fetch have no {' and no '.join(missing)}; check the feed's address or kind."


def fetch_due_feeds():
    """The periodic run: claim due feeds and ingest each; returns the per-feed summaries."""
    return [ingest_feed(feed_id=feed_id) for feed_id in claim_due_feeds()]
