"""What parsers hand to the normaliser: raw entries as the source gave them, and the parse error."""

from dataclasses import dataclass, field
from datetime import datetime

from jobly.errors import PermanentError


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
    salary_text: str = ""  # a board's free-text salary field (Remotive's "salary")
    remote_hint: str = ""  # text that speaks about where the work happens (WWR <region>, Lever workplaceType)


@dataclass
class ParsedFeed:
    title: str
    kind: str
    entries: list
    warnings: list = field(default_factory=list)
    parser: str = ""  # which parser read it: fastfeedparser, feedparser, or the JSON board's reader


def text(value):
    return value if isinstance(value, str) else ("" if value is None else str(value))
