"""Fetch a feed's bytes with the safe client, using its validators for a conditional GET."""

from dataclasses import dataclass

from django.conf import settings

from jobly.http import safe_fetch

ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


@dataclass
class FetchedFeed:
    not_modified: bool
    content: bytes
    content_type: str
    etag: str
    last_modified: str
    final_url: str


def fetch_feed(*, url, etag="", last_modified=""):
    """GET the feed; a 304 answer comes back as not_modified with no content."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = safe_fetch(
        url,
        headers=headers,
        max_bytes=settings.FEED_MAX_BYTES,
        timeout=settings.FEED_FETCH_TIMEOUT,
    )
    if response.status == 304:
        return FetchedFeed(True, b"", "", etag, last_modified, response.final_url)
    return FetchedFeed(
        not_modified=False,
        content=response.content,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag", "")[:500],
        last_modified=response.headers.get("last-modified", "")[:100],
        final_url=response.final_url,
    )
