"""RSS, Atom and RDF documents → raw entries: fastfeedparser first, feedparser where it does better.

fastfeedparser (lxml and a native reader) is about 70 times faster than feedparser on the same
document; feedparser's loose parser still reads documents libxml2 gives up on. The choice is made
per document: feedparser when fastfeedparser refuses the document or finds no entries in one that
has them, and for what fastfeedparser reads differently: inline XHTML, entries without an id (it
makes one up from the link), Atom-style links inside RSS, and named entities XML does not define
(`&nbsp;` outside CDATA: libxml2 drops them, feedparser keeps them). With these rules both readers
give the same postings over feedparser's whole test corpus and the real job feeds
(tests/matching/test_feed_parsers.py). Both are given the same bytes from `xml_safety.safe_xml` (UTF-8, no DOCTYPE), and both always
bytes: given a string, feedparser would fetch a URL or open a file itself.
"""

import bisect
import calendar
import html as html_module
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import fastfeedparser
import feedparser
from lxml import etree

from matching.ingest.dates import has_impossible_offset
from matching.ingest.entries import FeedParseError, ParsedFeed, RawEntry, text

# fastfeedparser's last resort for dates is dateparser, which reads "the day after tomorrow" as a
# date relative to when the fetch ran; feedparser refuses such text, and so do we.
if hasattr(fastfeedparser.main, "_slow_dateparser"):
    fastfeedparser.main._slow_dateparser = lambda value: None

# Elements some boards add to items (We Work Remotely's <region>, "job:company" and the like);
# fastfeedparser's mapping does not have them, so they are read by one regex pass over the bytes.
_EXTRA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:job_)?(?:company|location|region|type)[\s/>]")
_DATE_ELEMENT = re.compile(rb"<(?:pubDate|published|updated|dc:date)\b[^>]*>([^<]{1,100})</", re.I)
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]", re.I)
_EXTRA_VALUE = re.compile(
    rb"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?(?:job_)?(?P<name>company|location|region|type))>"
    rb"(?P<value><!\[CDATA\[.*?\]\]>|[^<]*)</(?P=tag)>", re.S)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\s+html|<html\b|<head\b|<body\b)", re.I)
_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--|<(?:rss|feed|rdf:RDF|RDF)\b)", re.I)
# Inline XHTML (Atom type="xhtml", an RSS item's xhtml:body) is read by feedparser only. Both
# alternatives contain "xhtml", which a substring test finds far faster than the pattern's scan.
_INLINE_XHTML = re.compile(rb"""type\s*=\s*["']xhtml["']|http://www\.w3\.org/1999/xhtml""")
# Atom's <link href=…/> without a namespace inside RSS: only feedparser maps it.
_UNPREFIXED_LINK_HREF = re.compile(rb"<link\s[^>]*\bhref\s*=")
_ID_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:guid|id)[\s>]")
_NAMED_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z_][\w.-]*;")
_RSS_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<rss\b", re.S)


def parse_xml(data, warnings, *, parser="auto"):
    """ParsedFeed from safe UTF-8 bytes; `parser` forces "fast" or "feedparser" (the comparison test)."""
    if _HTML_START.match(data) and not _XML_START.match(data):
        raise FeedParseError("This is a web page, not a feed. Look for its RSS or Atom link.", code="not_a_feed")
    if parser == "feedparser":
        return _with_feedparser(data, warnings)
    fast = _with_fastfeedparser(data, warnings)
    if parser == "fast":
        if fast is None:
            raise FeedParseError("fastfeedparser could not read this document.", code="malformed_feed")
        return fast
    if fast is None:
        return _with_feedparser(data, warnings)
    return fast


def _impossible_date(data):
    """True when a date element's text ends in a UTC offset no place on Earth has (dates.py)."""
    return any(has_impossible_offset(match.group(1).decode("utf-8", "replace")) for match in _DATE_ELEMENT.finditer(data))


def _undeclared_entity(data):
    """True when markup (not CDATA) holds a named entity XML does not predefine (`&nbsp;`, or one
    whose DOCTYPE was cut out): libxml2 drops those, feedparser's loose parser keeps them as text."""
    position = 0
    while True:
        found = _NAMED_ENTITY.search(data, position)
        if found is None:
            return False
        section = data.rfind(b"<![CDATA[", 0, found.start())
        if section == -1:
            return True
        close = data.find(b"]]>", section)
        if close == -1 or close < found.start():
            return True
        position = close + 3


def _with_fastfeedparser(data, warnings):
    """The document read by fastfeedparser, or None when feedparser should read it instead."""
    if (b"xhtml" in data and _INLINE_XHTML.search(data)) or (_RSS_ROOT.match(data) and _UNPREFIXED_LINK_HREF.search(data)):
        return None
    if _impossible_date(data):
        return None  # fastfeedparser applies any offset it reads; feedparser keeps the text to check
    try:
        parsed = fastfeedparser.parse(data, include_media=False, include_enclosures=False)
    except (ValueError, TypeError, AttributeError, LookupError, OverflowError, RecursionError, etree.LxmlError):
        return None
    entries = parsed.get("entries") or []
    if not entries and _ENTRY_TAG.search(data):
        return None
    if _undeclared_entity(data):
        return None
    if len(_ID_TAG.findall(data)) < len(entries):
        return None  # some entries have no id, and fastfeedparser would make one up from the link
    extras = _extra_elements(data, len(entries)) if _EXTRA_TAG.search(data) else []
    raw = []
    for position, entry in enumerate(entries):
        found = extras[position] if len(extras) == len(entries) else {}
        raw.append(_fast_entry(entry, found))
    title = text((parsed.get("feed") or {}).get("title"))
    return ParsedFeed(title=title, kind="rss", entries=raw, warnings=list(warnings), parser="fastfeedparser")


def _extra_elements(data, count):
    """Per item, in document order: {local name: text} of the board's own elements ([] if unsure).

    A regex pass over the bytes (a tenth of a second for 20 MB, a third of a second less than a
    second lxml pass); it is used only when it finds exactly one item start per entry.
    """
    starts = [found.start() for found in _ENTRY_TAG.finditer(data)]
    if len(starts) != count:
        return []
    found = [{} for _ in starts]
    for element in _EXTRA_VALUE.finditer(data):
        item = bisect.bisect_right(starts, element.start()) - 1
        if item < 0:
            continue
        name = element.group("name").decode("ascii")
        if name not in found[item]:
            value = element.group("value")
            if value.startswith(b"<![CDATA[") and value.endswith(b"]]>"):
                value = value[9:-3].decode("utf-8", errors="replace")
            else:
                value = html_module.unescape(value.decode("utf-8", errors="replace"))
            found[item][name] = value.strip()
    return found


def _iso(value):
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    # feedparser keeps whole seconds; so do we, so both readers date an entry the same.
    parsed = parsed.replace(microsecond=0)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _guid(entry):
    """The entry's id; a permalink id that is not a valid URL is dropped, as feedparser drops it."""
    guid = text(entry.get("id"))
    if guid[:8].lower().startswith(("http://", "https://")) and not (guid.isascii() and "[" not in guid and "]" not in guid):
        try:  # urlsplit refuses only brackets it cannot read and non-ASCII hosts that normalise oddly
            urlsplit(guid)
        except ValueError:
            return ""
    return guid


def _fast_entry(entry, extras):
    html = ""
    for content in entry.get("content") or []:
        if isinstance(content, dict) and content.get("value"):
            html = content["value"]
            break
    tags = [text(tag.get("term")) for tag in entry.get("tags") or [] if isinstance(tag, dict) and tag.get("term")]
    guid = _guid(entry)
    return RawEntry(
        title=text(entry.get("title")),
        company=extras.get("company", ""),
        location=extras.get("location", ""),
        description_html=text(html or entry.get("description") or ""),
        url=_alternate_link(entry) or (guid if guid.lower().startswith(("http://", "https://")) else ""),
        guid=guid,
        posted_at=_iso(entry.get("published") or entry.get("updated")),
        posted_text=text(entry.get("published") or entry.get("updated")),
        tags=tags,
        employment_type=extras.get("type", ""),
        remote_hint=extras.get("region", ""),
    )


def _alternate_link(entry):
    """The entry's own page: an Atom link without rel or rel="alternate" (never an enclosure)."""
    links = [link for link in entry.get("links") or [] if isinstance(link, dict) and link.get("href")]
    if not links:
        return text(entry.get("link"))
    for link in links:
        if link.get("rel") in (None, "", "alternate"):
            return text(link["href"])
    return ""


def _with_feedparser(data, warnings):
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except (ValueError, OverflowError, RecursionError, LookupError, UnicodeError) as error:
        # feedparser raises on some broken input, e.g. `&#x110000;` (found by tests/matching/test_parse_fuzz.py).
        raise FeedParseError("The feed's XML is malformed and nothing could be read from it.", code="malformed_feed") from error
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        if parsed.get("bozo") and b"<" in data[:4096]:
            raise FeedParseError("The feed's XML is malformed and nothing could be read from it.", code="malformed_feed")
        raise FeedParseError("This document is not an RSS or Atom feed.", code="not_a_feed")
    warnings = list(warnings)
    if parsed.get("bozo"):
        warnings.append(f"feed is not well-formed: {type(parsed.get('bozo_exception')).__name__}")
    title = text(parsed.get("feed", {}).get("title"))
    return ParsedFeed(title=title, kind="rss", entries=[_feedparser_entry(entry) for entry in entries],
                      warnings=warnings, parser="feedparser")


def _feedparser_entry(entry):
    html = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            html = content["value"]
            break
    html = html or entry.get("summary") or entry.get("description") or ""
    tags = [text(tag.get("term")) for tag in entry.get("tags") or [] if isinstance(tag, dict) and tag.get("term")]
    return RawEntry(
        title=text(entry.get("title")),
        company=text(entry.get("company") or entry.get("job_company") or ""),
        location=text(entry.get("location") or entry.get("job_location") or ""),
        description_html=text(html),
        url=text(entry.get("link")),
        guid=text(entry.get("id")),
        posted_at=_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        posted_text=text(entry.get("published") if entry.get("published_parsed") else entry.get("updated")),
        tags=tags,
        employment_type=text(entry.get("type") or entry.get("job_type") or ""),
        remote_hint=text(entry.get("region") or ""),
    )


def _struct_time(value):
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
