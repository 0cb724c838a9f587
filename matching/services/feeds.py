"""Feed writes: add, change and remove feeds; record each fetch's health; claim feeds that are due."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobly.errors import Conflict
from jobly.events import publish
from jobly.http import FetchTransientError, check_url, clean_url
from matching.ingest.normalise import plain_line
from matching.models import Feed


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
        raise Conflict("You already follow this feed.", code="feed_exists")
    try:
        with transaction.atomic():
            return Feed.objects.create(
                owner=user, url=url, title=title.strip()[:300], kind=kind,
                fetch_interval_minutes=fetch_interval_minutes, enabled=enabled, next_fetch_at=timezone.now(),
            )
    except IntegrityError as error:
        raise Conflict("You already follow this feed.", code="feed_exists") from error


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
        with transaction.atomic():  # a savepoint: the duplicate URL must not break the caller's transaction
            feed.save()
    except IntegrityError as error:
        raise Conflict("You already follow this feed.", code="feed_exists") from error
    return feed


def delete_feed(*, feed):
    feed.delete()


def _backoff(feed, *, transient):
    """A timeout or 5xx is retried soon (1, 2, 4 minutes) the first times; then, and for permanent
    errors, the wait doubles from twice the feed's interval up to FEED_BACKOFF_MAX_MINUTES."""
    failures = feed.consecutive_failures
    if transient and failures <= settings.FEED_QUICK_RETRIES:
        minutes = 2 ** (failures - 1)
    else:
        minutes = feed.fetch_interval_minutes * (2 ** min(failures, 16))
    return timedelta(minutes=min(minutes, settings.FEED_BACKOFF_MAX_MINUTES))


def record_feed_success(*, feed_id, counts, etag=None, last_modified=None, title="", entries_seen=0, not_modified=False,
                        degraded_reason=""):
    """A fetch that worked (a 304 too: cheap, nothing parsed); `degraded_reason` says when its postings
    lack most fields, shown as the "degraded" health."""
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
            feed.degraded_reason = degraded_reason[:300]
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
