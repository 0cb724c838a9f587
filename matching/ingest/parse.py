"""Turn fetched bytes into raw entries: RSS/Atom via feedparser, and JSON job boards.

feedparser always receives bytes, never a string: given a string it would treat it as a URL
or a file path and fetch or read it itself, outside the safe client (RELIABILITY.md §b).
JSON shapes: Remote OK API (array, element 0 a legal notice), Greenhouse job board
(`{"jobs": [...]}`), Lever postings (array with `hostedUrl`), JSON Feed 1.x (`items`).
"""

import calendar
import html as html_module
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
from django.conf import settings

from jobly.errors import PermanentError
from matching.ingest.dates import drop_impossible_dates

_XML_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!--|<!DOCTYPE\s+(?:rss|feed|rdf)|<(?:rss|feed|rdf:RDF|RDF)\b)", re.I)
_HTML_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<!DOCTYPE\s+html|<html\b|<head\b|<body\b)", re.I)


class FeedParseError(PermanentError):
    code = "malformed_feed"
    status = 422
    default_message = "The document is not a feed Jobly can read."


@dataclass
class RawEntry:
    """One entry as the source gave it, before normalisation."""

    title: str = ""
    company: str = ""
    location: str = ""
    description_html: str = ""
    url: str = ""
    guid: str = ""
    posted_at: datetime | None = None
    posted_text: str = ""  # the date as the source wrote it (matching/ingest/dates.py checks its offset)
    tags: list = field(default_factory=list)
    employment_type: str = ""
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str = ""
    salary_period: str = ""
    remote_hint: str = ""  # text that speaks about where the work happens (WWR <region>, Lever workplaceType)


@dataclass
class ParsedFeed:
    title: str
    kind: str
    entries: list
    warnings: list = field(default_factory=list)


def parse_document(content, *, kind="auto", content_type="", max_bytes=None):
    """Parse a fetched or uploaded document. Raises FeedParseError with code not_a_feed/malformed_feed.

    `max_bytes` defaults to settings.FEED_MAX_BYTES (the fetch cap; uploads are capped the same).
    """
    if not isinstance(content, bytes):
        raise TypeError("parse_document takes bytes (never a URL or a path)")
    if not content.strip():
        raise FeedParseError("The document is empty.", code="empty_feed")
    if len(content) > (max_bytes or settings.FEED_MAX_BYTES):
        raise FeedParseError("The document is too large.", code="too_large")
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind in ("remoteok", "greenhouse", "lever", "jsonfeed") or (kind == "auto" and stripped[:1] in (b"[", b"{")):
        parsed = _parse_json_board(content, kind)
    else:
        parsed = _parse_xml_feed(content, content_type)
    if dropped := drop_impossible_dates(parsed.entries):
        parsed.warnings.append(f"{dropped} entries had a time-zone offset beyond ±14:00; their dates were left empty.")
    return parsed


# --- RSS / Atom -----------------------------------------------------------------------------


def _parse_xml_feed(content, content_type):
    if _HTML_START.match(content) and not _XML_START.match(content):
        raise FeedParseError("This is a web page, not a feed. Look for its RSS or Atom link.", code="not_a_feed")
    headers = {"content-type": content_type} if content_type else {}
    # feedparser strips unsafe entity declarations and never resolves external entities.
    try:
        parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True, resolve_relative_uris=False)
    except (ValueError, OverflowError, RecursionError, LookupError, UnicodeError) as error:
        # feedparser raises on some broken input, e.g. `&#x110000;` (found by tests/matching/test_parse_fuzz.py).
        raise FeedParseError("The feed's XML is malformed and nothing could be read from it.", code="malformed_feed") from error
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        if parsed.get("bozo") and b"<" in content[:4096]:
            raise FeedParseError("The feed's XML is malformed and nothing could be read from it.", code="malformed_feed")
        raise FeedParseError("This document is not an RSS or Atom feed.", code="not_a_feed")
    warnings = []
    if parsed.get("bozo"):
        warnings.append(f"feed is not well-formed: {type(parsed.get('bozo_exception')).__name__}")
    title = _text(parsed.get("feed", {}).get("title"))
    return ParsedFeed(title=title, kind="rss", entries=[_rss_entry(entry) for entry in entries], warnings=warnings)


def _rss_entry(entry):
    html = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            html = content["value"]
            break
    html = html or entry.get("summary") or entry.get("description") or ""
    tags = [_text(tag.get("term")) for tag in entry.get("tags") or [] if isinstance(tag, dict) and tag.get("term")]
    return RawEntry(
        title=_text(entry.get("title")),
        company=_text(entry.get("company") or entry.get("job_company") or ""),
        location=_text(entry.get("location") or entry.get("job_location") or ""),
        description_html=_text(html),
        url=_text(entry.get("link")),
        guid=_text(entry.get("id")),
        posted_at=_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        posted_text=_text(entry.get("published") if entry.get("published_parsed") else entry.get("updated")),
        tags=tags,
        employment_type=_text(entry.get("type") or entry.get("job_type") or ""),
        remote_hint=_text(entry.get("region") or ""),
    )


def _struct_time(value):
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _text(value):
    return value if isinstance(value, str) else ("" if value is None else str(value))


# --- JSON boards ----------------------------------------------------------------------------


def _parse_json_board(content, kind):
    try:
        document = json.loads(content.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        raise FeedParseError("The JSON is malformed.", code="malformed_feed") from error
    if kind == "auto":
        kind = _detect_json_kind(document)
    readers = {"remoteok": _remoteok, "greenhouse": _greenhouse, "lever": _lever, "jsonfeed": _json_feed}
    if kind not in readers:
        raise FeedParseError("This JSON is not a job board Jobly knows (Remote OK, Greenhouse, Lever, JSON Feed).", code="not_a_feed")
    try:
        title, entries = readers[kind](document)
    except (AttributeError, TypeError, KeyError) as error:
        raise FeedParseError(f"The JSON does not have the {kind} shape.", code="malformed_feed") from error
    return ParsedFeed(title=title, kind=kind, entries=entries)


def _detect_json_kind(document):
    if isinstance(document, dict):
        if isinstance(document.get("jobs"), list):
            return "greenhouse"
        if isinstance(document.get("items"), list) and "jsonfeed" in str(document.get("version", "")):
            return "jsonfeed"
        if isinstance(document.get("items"), list):
            return "jsonfeed"
    if isinstance(document, list):
        sample = [item for item in document[:5] if isinstance(item, dict)]
        if any("legal" in item or "position" in item or "epoch" in item for item in sample):
            return "remoteok"
        if any("hostedUrl" in item or "categories" in item for item in sample):
            return "lever"
    return "unknown"


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None  # Remote OK uses 0 for "unknown"


def _iso_datetime(value):
    if not value:
        return None
    if isinstance(value, (int, float)):
        try:
            seconds = value / 1000 if value > 10_000_000_000 else value
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, ValueError, OSError):
            return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _remoteok(document):
    entries = []
    for item in document:
        if not isinstance(item, dict) or "legal" in item:
            continue
        tags = item.get("tags") or []
        if isinstance(tags, str):
            tags = re.findall(r"'([^']+)'", tags) or [tag.strip() for tag in tags.strip("[]").split(",") if tag.strip()]
        entries.append(RawEntry(
            title=_text(item.get("position")),
            company=_text(item.get("company")),
            location=_text(item.get("location")),
            description_html=_text(item.get("description")),
            url=_text(item.get("url") or item.get("apply_url")),
            guid=_text(item.get("id") or item.get("slug")),
            posted_at=_iso_datetime(item.get("date")) or _iso_datetime(_number(item.get("epoch"))),
            posted_text=_text(item.get("date")),
            tags=[_text(tag) for tag in tags],
            salary_min=_number(item.get("salary_min")),
            salary_max=_number(item.get("salary_max")),
            salary_currency="USD" if _number(item.get("salary_min")) or _number(item.get("salary_max")) else "",
            remote_hint="remote",
        ))
    return "Remote OK", entries


def _greenhouse(document):
    entries = []
    for item in document["jobs"]:
        location = (item.get("location") or {}).get("name", "") if isinstance(item.get("location"), dict) else ""
        metadata = item.get("metadata") or []
        employment = next((_text(m.get("value")) for m in metadata if isinstance(m, dict)
                           and "employment" in _text(m.get("name")).lower()), "")
        entries.append(RawEntry(
            title=_text(item.get("title")),
            company=_text(item.get("company_name") or document.get("company_name", ""))
            or _company_from_board_url(_text(item.get("absolute_url")), r"https?://(?:job-)?boards(?:\.eu)?\.greenhouse\.io/([^/]+)/"),
            location=_text(location),
            description_html=html_module.unescape(_text(item.get("content"))),  # Greenhouse escapes its HTML
            url=_text(item.get("absolute_url")),
            guid=f"greenhouse:{item.get('id')}",
            posted_at=_iso_datetime(item.get("updated_at") or item.get("first_published")),
            posted_text=_text(item.get("updated_at") or item.get("first_published")),
            employment_type=employment,
            remote_hint=_text(location),
        ))
    return _text(document.get("name") or "Greenhouse board"), entries


def _lever(document):
    entries = []
    for item in document:
        if not isinstance(item, dict):
            continue
        categories = item.get("categories") or {}
        lists = "".join(
            f"<h3>{entry.get('text', '')}</h3><ul>{entry.get('content', '')}</ul>"
            for entry in item.get("lists") or [] if isinstance(entry, dict)
        )
        description = _text(item.get("description")) + lists + _text(item.get("additional"))
        salary = item.get("salaryRange") or {}
        company = _company_from_lever_url(_text(item.get("hostedUrl")))
        entries.append(RawEntry(
            title=_text(item.get("text")),
            company=company,
            location=_text(categories.get("location")),
            description_html=description,
            url=_text(item.get("hostedUrl")),
            guid=f"lever:{item.get('id')}",
            posted_at=_iso_datetime(item.get("createdAt")),
            tags=[_text(categories.get("team"))] if categories.get("team") else [],
            employment_type=_text(categories.get("commitment")),
            salary_min=_number(salary.get("min")),
            salary_max=_number(salary.get("max")),
            salary_currency=_text(salary.get("currency")),
            salary_period={"per-year-salary": "year", "per-month-salary": "month", "per-hour-wage": "hour"}.get(
                _text(salary.get("interval")), ""),
            remote_hint=_text(item.get("workplaceType")),
        ))
    return "Lever postings", entries


def _company_from_lever_url(url):
    return _company_from_board_url(url, r"https?://jobs\.(?:eu\.)?lever\.co/([^/]+)/")


def _company_from_board_url(url, pattern):
    """Boards name the company only in the URL ("jobs.lever.co/example-co/..." → "Example Co")."""
    match = re.match(pattern, url)
    return match.group(1).replace("-", " ").title() if match else ""


def _json_feed(document):
    entries = []
    for item in document["items"]:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        entries.append(RawEntry(
            title=_text(item.get("title")),
            company=_text(authors[0].get("name")) if authors and isinstance(authors[0], dict) else "",
            description_html=_text(item.get("content_html") or item.get("content_text") or item.get("summary")),
            url=_text(item.get("url") or item.get("external_url")),
            guid=_text(item.get("id")),
            posted_at=_iso_datetime(item.get("date_published")),
            posted_text=_text(item.get("date_published")),
            tags=[_text(tag) for tag in item.get("tags") or []],
        ))
    return _text(document.get("title")), entries
