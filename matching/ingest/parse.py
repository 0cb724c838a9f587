"""Turn fetched or uploaded bytes into raw entries: RSS/Atom/RDF (`rss.py`) or a JSON board (`boards.py`).

Every XML document first goes through `xml_safety.safe_xml` (one decode, no DOCTYPE, so no
entity is ever expanded), and whatever a parser returns is held to a text budget: the entries
may not carry more text than the document could spell out without entities.
"""

from django.conf import settings

from matching.ingest import boards, rss
from matching.ingest.dates import drop_impossible_dates
from matching.ingest.entries import FeedParseError, ParsedFeed, RawEntry
from matching.ingest.xml_safety import safe_xml

__all__ = ["FeedParseError", "ParsedFeed", "RawEntry", "parse_document"]
# Entries may hold at most this multiple of the document's size in text (plus a constant for
# tiny documents); without entity expansion no parser comes near it.
TEXT_BUDGET_FACTOR = 2
TEXT_BUDGET_SLACK = 64 * 1024


def parse_document(content, *, kind="auto", content_type="", max_bytes=None, parser="auto"):
    """Parse a fetched or uploaded document. Raises FeedParseError (not_a_feed, malformed_feed, empty_feed, too_large).

    `max_bytes` defaults to settings.FEED_MAX_BYTES (the fetch cap; uploads are capped the same).
    `parser` forces "fast" or "feedparser" for XML (the comparison test); "auto" chooses per document.
    """
    if not isinstance(content, bytes):
        raise TypeError("parse_document takes bytes (never a URL or a path)")
    if not content.strip():
        raise FeedParseError("The document is empty.", code="empty_feed")
    if len(content) > (max_bytes or settings.FEED_MAX_BYTES):
        raise FeedParseError("The document is too large.", code="too_large")
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind in boards.KINDS or (kind == "auto" and stripped[:1] in (b"[", b"{")):
        parsed = boards.parse_json_board(content, kind)
    else:
        data, warnings = safe_xml(content, content_type)
        parsed = rss.parse_xml(data, warnings, parser=parser)
    _check_text_budget(parsed, len(content))
    if dropped := drop_impossible_dates(parsed.entries):
        parsed.warnings.append(f"{dropped} entries had a time-zone offset beyond ±14:00; their dates were left empty.")
    return parsed


def _check_text_budget(parsed, size):
    budget = TEXT_BUDGET_FACTOR * size + TEXT_BUDGET_SLACK
    used = 0
    for entry in parsed.entries:
        used += len(entry.title) + len(entry.description_html) + len(entry.company) + len(entry.location)
        if used > budget:
            raise FeedParseError("The feed expands to far more text than the document holds.", code="too_large")
