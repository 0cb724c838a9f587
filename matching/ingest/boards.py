"""JSON job boards → raw entries, each format recognised by its own required keys.

Remote OK API (array, element 0 a legal notice; items with "position"), Greenhouse job board
(`{"jobs": [...]}` whose items have "absolute_url"), Remotive API (`{"job-count", "jobs": [...]}`
whose items have "candidate_required_location" or "publication_date"), Lever postings (array with
"hostedUrl"), JSON Feed 1.x ("version" naming jsonfeed.org, "items"). A document that fits none of
them (an unknown list of postings, say) is refused as `not_a_feed` rather than guessed.
"""

import html as html_module
import json
import re
from datetime import UTC, datetime

from matching.ingest.entries import FeedParseError, ParsedFeed, RawEntry, text

KINDS = ("remoteok", "greenhouse", "remotive", "lever", "jsonfeed")
# Keys an item must carry (all of one tuple) to be taken for that format.
ITEM_KEYS = {
    "remoteok": (("position",), ("legal",)),
    "greenhouse": (("absolute_url", "title"),),
    "remotive": (("candidate_required_location",), ("publication_date", "company_name")),
    "lever": (("hostedUrl", "text"),),
    "jsonfeed": (("id",), ("url",), ("content_html",), ("content_text",)),
}
SAMPLE = 10


def parse_json_board(content, kind="auto"):
    try:
        document = json.loads(content.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        raise FeedParseError("The JSON is malformed.", code="malformed_feed") from error
    if kind == "auto":
        kind = detect_json_kind(document)
    readers = {"remoteok": _remoteok, "greenhouse": _greenhouse, "remotive": _remotive, "lever": _lever,
               "jsonfeed": _json_feed}
    if kind not in readers:
        raise FeedParseError(
            "This JSON is not a job board Jobly knows (Remote OK, Greenhouse, Remotive, Lever, JSON Feed).",
            code="not_a_feed")
    try:
        title, entries = readers[kind](document)
    except (AttributeError, TypeError, KeyError) as error:
        raise FeedParseError(f"The JSON does not have the {kind} shape.", code="malformed_feed") from error
    return ParsedFeed(title=title, kind=kind, entries=entries, parser=kind)


def _fits(items, kind):
    """Most sampled items carry every key of one of the format's required-key sets."""
    sample = [item for item in items[:SAMPLE] if isinstance(item, dict)]
    if not sample:
        return False
    fitting = sum(1 for item in sample if any(all(k in item for k in keys) for keys in ITEM_KEYS[kind]))
    return fitting * 2 > len(sample)


def detect_json_kind(document):
    if isinstance(document, dict):
        jobs = document.get("jobs")
        if isinstance(jobs, list):
            if "job-count" in document or "jobs_count" in document or _fits(jobs, "remotive"):
                return "remotive" if not jobs or _fits(jobs, "remotive") else "unknown"
            return "greenhouse" if _fits(jobs, "greenhouse") else "unknown"
        items = document.get("items")
        if isinstance(items, list) and "jsonfeed.org" in text(document.get("version")):
            return "jsonfeed"
        return "unknown"
    if isinstance(document, list):
        if _fits(document, "remoteok"):
            return "remoteok"
        if _fits(document, "lever"):
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
            title=text(item.get("position")),
            company=text(item.get("company")),
            location=text(item.get("location")),
            description_html=text(item.get("description")),
            url=text(item.get("url") or item.get("apply_url")),
            guid=text(item.get("id") or item.get("slug")),
            posted_at=_iso_datetime(item.get("date")) or _iso_datetime(_number(item.get("epoch"))),
            posted_text=text(item.get("date")),
            tags=[text(tag) for tag in tags],
            salary_min=_number(item.get("salary_min")),
            salary_max=_number(item.get("salary_max")),
            salary_currency="USD" if _number(item.get("salary_min")) or _number(item.get("salary_max")) else "",
            remote_hint="remote",
        ))
    return "Remote OK", entries


def _greenhouse(document):
    entries = []
    for item in document["jobs"]:
        if not isinstance(item, dict):
            continue
        location = (item.get("location") or {}).get("name", "") if isinstance(item.get("location"), dict) else ""
        metadata = item.get("metadata") or []
        employment = next((text(m.get("value")) for m in metadata if isinstance(m, dict)
                           and "employment" in text(m.get("name")).lower()), "")
        entries.append(RawEntry(
            title=text(item.get("title")),
            company=text(item.get("company_name") or document.get("company_name", ""))
            or _company_from_board_url(text(item.get("absolute_url")), r"https?://(?:job-)?boards(?:\.eu)?\.greenhouse\.io/([^/]+)/"),
            location=text(location),
            description_html=html_module.unescape(text(item.get("content"))),  # Greenhouse escapes its HTML
            url=text(item.get("absolute_url")),
            guid=f"greenhouse:{item.get('id')}",
            posted_at=_iso_datetime(item.get("updated_at") or item.get("first_published")),
            posted_text=text(item.get("updated_at") or item.get("first_published")),
            employment_type=employment,
            remote_hint=text(location),
        ))
    return text(document.get("name") or "Greenhouse board"), entries


def _remotive(document):
    """Remotive's API: every job is remote; the location says where candidates may live."""
    entries = []
    for item in document["jobs"]:
        if not isinstance(item, dict):
            continue
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        region = text(item.get("candidate_required_location"))
        entries.append(RawEntry(
            title=text(item.get("title")),
            company=text(item.get("company_name")),
            location=region,
            description_html=text(item.get("description")),
            url=text(item.get("url")),
            guid=f"remotive:{item.get('id')}" if item.get("id") is not None else text(item.get("url")),
            posted_at=_iso_datetime(item.get("publication_date")),
            posted_text=text(item.get("publication_date")),
            tags=[text(tag) for tag in tags] + ([text(item["category"])] if item.get("category") else []),
            employment_type=text(item.get("job_type")).replace("_", " "),
            salary_text=text(item.get("salary")),
            remote_hint="remote",
        ))
    return "Remotive", entries


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
        description = text(item.get("description")) + lists + text(item.get("additional"))
        salary = item.get("salaryRange") or {}
        entries.append(RawEntry(
            title=text(item.get("text")),
            company=_company_from_board_url(text(item.get("hostedUrl")), r"https?://jobs\.(?:eu\.)?lever\.co/([^/]+)/"),
            location=text(categories.get("location")),
            description_html=description,
            url=text(item.get("hostedUrl")),
            guid=f"lever:{item.get('id')}",
            posted_at=_iso_datetime(item.get("createdAt")),
            tags=[text(categories.get("team"))] if categories.get("team") else [],
            employment_type=text(categories.get("commitment")),
            salary_min=_number(salary.get("min")),
            salary_max=_number(salary.get("max")),
            salary_currency=text(salary.get("currency")),
            salary_period={"per-year-salary": "year", "per-month-salary": "month", "per-hour-wage": "hour"}.get(
                text(salary.get("interval")), ""),
            remote_hint=text(item.get("workplaceType")),
        ))
    return "Lever postings", entries


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
            title=text(item.get("title")),
            company=text(authors[0].get("name")) if authors and isinstance(authors[0], dict) else "",
            description_html=text(item.get("content_html") or item.get("content_text") or item.get("summary")),
            url=text(item.get("url") or item.get("external_url")),
            guid=text(item.get("id")),
            posted_at=_iso_datetime(item.get("date_published")),
            posted_text=text(item.get("date_published")),
            tags=[text(tag) for tag in item.get("tags") or []],
        ))
    return text(document.get("title")), entries
