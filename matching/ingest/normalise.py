"""Normalise a raw entry into a clean posting: company/title split, remote type, salary, HTML, dates."""

import hashlib
import html as html_module
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3

from matching.ingest.salary import parse_salary
from matching.ingest.skills import posting_skills
from matching.ingest.vocabulary import VOCABULARY

MAX_TITLE = 300
MAX_COMPANY = 200
MAX_LOCATION = 300
MAX_DESCRIPTION = 100_000
# Postings older than this or dated in the future are recorded without a date.
EARLIEST_POSTED = datetime(1995, 1, 1, tzinfo=UTC)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/h[1-6]|/tr|/ul|/ol|/blockquote|/pre|hr\s*/?)\s*>")
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|ref|ref_src|source|fbclid|gclid|mc_cid|mc_eid)$", re.I)
# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way.
_MOJIBAKE = re.compile(
    "[ÃÂÅâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
# A tag of nh3's output: quotes respected, since an attribute value may hold ">".
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_REMOTE_SOURCES = set(VOCABULARY["remote_sources"])
# Built once: nh3.clean() builds its allowlists again on every call (15 % of the sanitising time).
_SANITIZER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_TAG_STRIPPER = nh3.Cleaner(tags=set(), attributes={})


class SkipEntry(Exception):
    """This entry cannot become a posting (no title, unusable link); the reason is counted."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


@dataclass
class Posting:
    title: str
    company: str
    location: str
    remote_type: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: str
    employment_type: str
    seniority: str
    description_html: str
    description_text: str
    canonical_url: str
    external_id: str
    posted_at: datetime | None
    source: str
    skills: list = field(default_factory=list)
    required_skills: list = field(default_factory=list)
    preferred_skills: list = field(default_factory=list)
    content_hash: str = ""
    raw_hash: str = ""


def clean_text(value, limit=None):
    """Fix mojibake, drop NULs and control characters (PostgreSQL rejects \\x00), collapse spaces."""
    if not value:
        return ""
    value = str(value)
    if value.isascii():  # most values: no mojibake and nothing for NFC to do
        value = _SPACES.sub(" ", _CONTROL.sub("", value)).strip()
        return value[:limit] if limit else value
    value = fix_mojibake(value)
    value = _CONTROL.sub("", value.replace("\x00", ""))
    value = unicodedata.normalize("NFC", _SPACES.sub(" ", value)).strip()
    return value[:limit] if limit else value


def fix_mojibake(value):
    """Undo UTF-8 read as Latin-1/cp1252 (Remote OK's "â\\x80\\x99" for "'"), only when it round-trips."""
    if not _MOJIBAKE.search(value):
        return value
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = value.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return repaired
    # Mixed text: repair each run of suspicious characters separately.
    return re.sub(r"[\u00c0-\u00ff][\u0080-\u00bf\u0152-\u2122]{1,3}", _repair_run, value)


def _repair_run(match):
    for codec in ("cp1252", "latin-1"):
        try:
            return match.group(0).encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return match.group(0)


def sanitize_html(value):
    """Allowlist HTML with nh3: no script, style, handlers or non-http(s) links survive."""
    if not value:
        return ""
    value = fix_mojibake(value.replace("\x00", ""))[:MAX_DESCRIPTION]
    return _CONTROL.sub("", _SANITIZER.clean(value)).strip()


def html_to_text(value, *, sanitized=False):
    """Plain text of HTML, one line per block. `sanitized`: the input is nh3's output (its tags are
    well-formed, so a pattern strips them; anything else goes through nh3 again)."""
    if not value:
        return ""
    with_breaks = _BLOCK_END.sub("\n", value)
    stripped = _TAG.sub("", with_breaks) if sanitized else _TAG_STRIPPER.clean(with_breaks)
    text = html_module.unescape(stripped).replace("\x00", "")
    text = _CONTROL.sub("", text)
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text or "\x1c" in text:
        text = "\n".join(text.splitlines())  # every line break splitlines knows, as "\n"
    text = "\n".join(line.strip() for line in _SPACES.sub(" ", text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def canonical_url(url):
    """http(s) only, lower-case scheme and host, no fragment or tracking parameters; '' if unusable."""
    url = clean_text(url)
    if not url or len(url) > 2000:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    netloc = host if not port or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def plain_line(value, limit=None):
    """One line of plain text: markup removed (titles may arrive as HTML), whitespace collapsed."""
    value = clean_text(value)
    if "<" in value or "&" in value:
        value = html_to_text(value)
    return clean_text(re.sub(r"\s+", " ", value), limit)


def split_company_title(title, company=""):
    """Board conventions: "Company: Title" (We Work Remotely), "Title at Company", "Company is hiring a Title"."""
    title = plain_line(title)
    if company:
        return clean_text(company, MAX_COMPANY), title
    match = re.match(r"^(?P<company>[^:]{1,80}?)\s*:\s+(?P<title>.+)$", title)
    if match:
        return match["company"].strip(), match["title"].strip()
    match = re.match(r"^(?P<company>.{1,80}?) is hiring(?: an?)?:?\s+(?P<title>.+)$", title, re.I)
    if match:
        return match["company"].strip(), match["title"].strip()
    match = re.match(r"^(?P<title>.{3,120}?)\s+(?:at|@)\s+(?P<company>[A-Z0-9][\w&.,' -]{0,60})$", title)
    if match and len(match["company"].split()) <= 4:
        return match["company"].strip(), match["title"].strip()
    match = re.match(r"^(?P<title>.{3,120}?)\s+[|–—]\s+(?P<company>[^|–—]{1,60})$", title)
    if match:
        return match["company"].strip(), match["title"].strip()
    return "", title


@lru_cache(maxsize=256)
def _phrases_pattern(phrases):
    """One compiled pattern for a group of phrases, each a whole word or phrase (longest first)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def _contains_any(text, phrases):
    return _phrases_pattern(tuple(phrases)).search(text) is not None


def detect_remote_type(*, title, location, hint, source, description_text):
    """Explicit words in title/location/region first, then what the source is (remote-only boards)."""
    words = VOCABULARY["remote_types"]
    near = " ".join([title, location, hint]).lower()
    for phrase in VOCABULARY["remote_false_friends"]:
        near = near.replace(phrase, " ")  # "Remote Sensing Scientist" says nothing about where
    for remote_type in ("hybrid", "onsite", "remote"):
        if _contains_any(near, words[remote_type]):
            return remote_type
    if source in _REMOTE_SOURCES:
        return "remote"
    head = description_text[:3000].lower()
    # Only unambiguous phrases count in a description ("remote" alone is too common there).
    for remote_type, phrases in VOCABULARY["description_remote_phrases"].items():
        if _contains_any(head, phrases):
            return remote_type
    return "unknown"


@lru_cache(maxsize=16)
def _table_patterns(name):
    return [(value, _phrases_pattern(tuple(phrase.strip() for phrase in phrases)))
            for value, phrases in VOCABULARY[name].items()]


def _first_match(text, name):
    """The first value of VOCABULARY[name] ({value: phrases}) whose phrases the text names."""
    lowered = f" {text.lower()} "
    for value, pattern in _table_patterns(name):
        if pattern.search(lowered):
            return value
    return ""


def _plausible_date(value, now):
    if value is None or value < EARLIEST_POSTED or value > now + timedelta(days=2):
        return None
    return value


def source_of(url):
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def compute_content_hash(*, title, company, location, description_text, canonical_url):
    """Same posting, same hash: case- and whitespace-insensitive over what a reader sees."""
    def norm(value):
        return " ".join((value or "").split()).lower()  # split() splits on what \s matches

    material = "\x1f".join([norm(title), norm(company), norm(location), norm(description_text)[:20_000]])
    if not description_text:
        material += "\x1f" + canonical_url  # short entries: keep distinct links apart
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _salary(entry, title, location, description_text):
    """(min, max, currency, period): the entry's own fields when it has them, else found in the text."""
    salary_min, salary_max = entry.salary_min, entry.salary_max
    salary_currency, salary_period = clean_text(entry.salary_currency).upper()[:3], entry.salary_period
    if salary_min or salary_max:
        salary_min = int(salary_min or salary_max)
        salary_max = int(salary_max or salary_min)
        if salary_min > salary_max:
            salary_min, salary_max = salary_max, salary_min
        salary_period = salary_period or ("year" if salary_max >= 15_000 else "hour" if salary_max <= 300 else "month")
    else:
        # A board's own salary text (Remotive's "salary") first, then the posting's words.
        found = (parse_salary(clean_text(entry.salary_text, 200)) if entry.salary_text else None) or parse_salary(
            f"{title}\n{location}\n{description_text[:20_000]}")
        if not found:
            return None, None, "", ""
        salary_min, salary_max, salary_currency, salary_period = found.minimum, found.maximum, found.currency, found.period
    if salary_max is not None and salary_max > 2_147_483_647:
        return None, None, "", ""
    return salary_min, salary_max, salary_currency, salary_period


_POSTING_SKILLS = object()


def normalise(entry, *, source="", default_source="", now=None, extract_skills=_POSTING_SKILLS):
    """RawEntry → Posting, or raise SkipEntry(reason).

    `source` names where it came from ("paste", "upload"); otherwise the posting link's host, else
    `default_source` (the feed's host). Skills come from `matching.ingest.skills` (prose only, split
    into required and nice-to-have); `extract_skills=f` uses `f(text)` instead, None finds none.
    """
    now = now or datetime.now(UTC)
    company, title = split_company_title(entry.title, plain_line(entry.company))
    title = plain_line(title, MAX_TITLE)
    company = plain_line(company, MAX_COMPANY)
    if not title:
        raise SkipEntry("no_title")
    url = canonical_url(entry.url) or (canonical_url(entry.guid) if entry.guid.startswith("http") else "")
    if entry.url and not url and not entry.url.startswith(("http://", "https://")):
        url = ""  # javascript:, data: and other schemes are dropped, not stored
    source = source or source_of(url) or default_source
    description_html = sanitize_html(entry.description_html)
    description_text = html_to_text(description_html, sanitized=True) if description_html else ""
    location = plain_line(entry.location, MAX_LOCATION)
    hint = plain_line(entry.remote_hint)
    remote_type = detect_remote_type(title=title, location=location, hint=hint, source=source, description_text=description_text)
    if not location and hint and hint.lower() not in ("remote", "unspecified"):
        location = clean_text(hint, MAX_LOCATION)  # WWR <region> is the only location it gives

    salary_min, salary_max, salary_currency, salary_period = _salary(entry, title, location, description_text)
    employment_type = _first_match(clean_text(entry.employment_type), "employment_types") or _first_match(
        title, "employment_types")
    seniority = _first_match(title, "seniority")
    skills, required, preferred = [], [], []
    if extract_skills is _POSTING_SKILLS:
        skills, required, preferred = posting_skills(title=title, tags=entry.tags, description_text=description_text)
    elif extract_skills is not None:
        skills = list(dict.fromkeys(extract_skills(f"{title}\n{' '.join(entry.tags)}\n{description_text}")))
        required = list(skills)
    posting = Posting(
        title=title,
        company=company,
        location=location,
        remote_type=remote_type,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=salary_currency,
        salary_period=salary_period,
        employment_type=employment_type,
        seniority=seniority,
        description_html=description_html,
        description_text=description_text,
        canonical_url=url,
        external_id=clean_text(entry.guid, 500),
        posted_at=_plausible_date(entry.posted_at, now),
        source=clean_text(source, 100),
        skills=skills,
        required_skills=required,
        preferred_skills=preferred,
    )
    posting.content_hash = compute_content_hash(
        title=title, company=company, location=location, description_text=description_text, canonical_url=url
    )
    return posting
