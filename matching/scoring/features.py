"""The engine's input records (a posting, a profile) and the pure helpers that fill them.

Nothing here touches the database: callers turn `Job` and `Profile` rows into these records.
Skill names are expected canonical (as `jobly.skills.normalize_skill` returns them); the
`*_from_*` builders below do that normalisation for callers.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from .text import DATA_DIR, fold, key, tokens

REMOTE_TYPES = ("remote", "hybrid", "onsite", "unknown")
REMOTE_PREFERENCES = ("any", "remote", "hybrid", "onsite")

# Hours and days per year used to annualise hourly/daily pay (40 h weeks, 52 weeks, 260 working days).
PERIOD_TO_YEAR = {"year": 1, "annual": 1, "yearly": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}


@dataclass(frozen=True)
class ProfileSkill:
    name: str
    years: float | None = None
    level: str = ""


@dataclass
class PostingFeatures:
    id: int | str
    title: str = ""
    company: str = ""
    location: str = ""
    remote_type: str = "unknown"
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str = ""
    salary_period: str = "year"
    seniority: str = ""
    required_skills: list[str] = field(default_factory=list)
    preferred_skills: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    title_skills: list[str] = field(default_factory=list)  # the skills its title names ("Python Developer")
    text: str = ""
    posted_at: datetime | None = None
    fingerprint: str = ""  # the Job's content hash: a change rebuilds its row in the index


@dataclass
class ProfileFeatures:
    skills: list[ProfileSkill] = field(default_factory=list)
    target_titles: list[str] = field(default_factory=list)
    recent_titles: list[str] = field(default_factory=list)
    seniority: str = ""
    target_locations: list[str] = field(default_factory=list)
    remote_preference: str = "any"
    min_salary: float | None = None
    salary_currency: str = "USD"
    excluded_companies: list[str] = field(default_factory=list)
    avoid_keywords: list[str] = field(default_factory=list)
    text: str = ""


@lru_cache(maxsize=1)
def seniority_table():
    return json.loads((DATA_DIR / "seniority.json").read_text(encoding="utf-8"))


def seniority_rank(level):
    """Ordinal of a seniority name (0 = intern … 5 = principal), -1 when unknown."""
    levels = seniority_table()["levels"]
    level = (level or "").strip().lower()
    return levels.index(level) if level in levels else -1


@lru_cache(maxsize=1)
def _seniority_signals():
    """(level, " signal tokens ") pairs in the table's order, tokenised once."""
    return [(level, f" {' '.join(tokens(signal)) or signal} ")
            for level, signals in seniority_table()["title_words"] for signal in signals]


@lru_cache(maxsize=1 << 14)
def detect_seniority(title):
    """Seniority a posting's title signals ('Sr. Data Engineer' → 'senior'), '' when it says none.
    Cached: feeds repeat the same titles."""
    words = " " + " ".join(tokens(title)) + " "
    for level, signal in _seniority_signals():
        if signal in words:
            return level
    return ""


def annual_amount(amount, period):
    """Pay per year for an amount given per hour/day/week/month/year; None when unknown."""
    if amount is None or amount <= 0:
        return None
    return float(amount) * PERIOD_TO_YEAR.get((period or "year").lower(), 1)


@lru_cache(maxsize=1)
def _section_patterns():
    sections = json.loads((DATA_DIR / "sections.json").read_text(encoding="utf-8"))
    patterns = {}
    for kind in ("required", "preferred", "other"):
        # Longest first so "preferred qualifications" wins over "preferred".
        heads = sorted(sections[kind], key=len, reverse=True)
        alternatives = "|".join(re.escape(h) for h in heads)
        # A heading is a whole short line ("Requirements", "Nice to have:") or a lead-in
        # ending in a colon with content after it ("Bonus: Go or Rust").
        patterns[kind] = re.compile(rf"^\W*(?:{alternatives})\b[^:\n]{{0,30}}(?::\s*(?P<rest>.*)|\s*$)")
    return patterns


def posting_sections(text):
    """Split a posting's text into (kind, text) sections, kind in required/preferred/other/None."""
    patterns = _section_patterns()
    sections = []
    kind, lines = None, []
    for line in (text or "").splitlines():
        heading = None
        # A long ASCII line folds to as many characters: no heading, nothing to fold.
        if not (len(line) > 80 and line.isascii() and len(line.strip()) > 80) and len(folded := fold(line).strip()) <= 80:
            for candidate in ("preferred", "required", "other"):
                found = patterns[candidate].match(folded)
                if found:
                    # "Bonus: Go" keeps what follows the colon; a heading line without a colon
                    # ("Preferred experience with Go") keeps the whole line as content.
                    rest = found.group("rest")
                    heading = (candidate, rest if rest is not None else line)
                    break
        if heading:
            if lines:
                sections.append((kind, "\n".join(lines)))
            kind, lines = heading[0], [heading[1]] if heading[1] else []
        else:
            lines.append(line)
    if lines:
        sections.append((kind, "\n".join(lines)))
    return sections


@lru_cache(maxsize=4096)
def _spaced_tokens(name):
    """The name as it reads in folded, token-joined text ("Python/Django" → " python django ")."""
    name_tokens = tokens(name)
    return f" {' '.join(name_tokens)} " if name_tokens else ""


def _mentions(section_text, skills, extract):
    folded = " " + " ".join(tokens(section_text)) + " "
    found = {key(s) for s in extract(section_text)} if extract else set()
    for skill in skills:
        spaced = _spaced_tokens(skill)
        if spaced and spaced in folded:
            found.add(key(skill))
    return found


def split_required_preferred(text, skills, *, extract=None, sections=None):
    """Split a posting's skills into (required, preferred) by the sections its text names.

    A skill is preferred when it is mentioned only under a "Preferred qualifications" /
    "Nice to have" / "Bonus" heading; every other skill is required (a posting without such
    headings requires all of its skills). `extract(text) -> canonical names` finds aliases
    (pass `jobly.skills.extract_skills`); literal mentions of the names are always found.
    `sections`: posting_sections(text) when the caller has it already.
    """
    skills = list(dict.fromkeys(skills))
    in_required, in_preferred = set(), set()
    for kind, section_text in (posting_sections(text) if sections is None else sections):
        if kind == "preferred":
            in_preferred |= _mentions(section_text, skills, extract)
        else:
            in_required |= _mentions(section_text, skills, extract)
    preferred = [s for s in skills if key(s) in in_preferred and key(s) not in in_required]
    required = [s for s in skills if s not in preferred]
    return required, preferred


def _default_skill_functions():
    from jobly.skills import extract_skills, normalize_skill

    return extract_skills, normalize_skill


@lru_cache(maxsize=1 << 14)
def _title_skill_names(title, extract, normalize):
    """The canonical skills a title names (cached per title: a cold index build meets the same few
    thousand titles a hundred thousand times)."""
    return tuple(canonical_skill_names(extract(title), normalize))


def canonical_skill_names(names, normalize):
    """Canonical names for raw skill names, order kept, duplicates and unknowns dropped."""
    result = []
    for name in names:
        canonical = normalize(name) if normalize else name
        if canonical and canonical not in result:
            result.append(canonical)
    return result


def posting_features_from_job_fields(*, id, title, company="", location="", remote_type="unknown",
                                     salary_min=None, salary_max=None, salary_currency="", salary_period="year",
                                     text="", skills=None, posted_at=None, fingerprint="",
                                     extract=None, normalize=None, required_skills=None, preferred_skills=None):
    """Build a posting record from a Job's fields; extracts and splits skills when not given.

    `required_skills` / `preferred_skills`: the split ingestion stored (the same split_required_preferred),
    used as it is instead of splitting again.
    """
    if extract is None or normalize is None:
        default_extract, default_normalize = _default_skill_functions()
        extract, normalize = extract or default_extract, normalize or default_normalize
    all_skills = canonical_skill_names(skills if skills is not None else extract(f"{title}\n{text}"), normalize)
    if skills is not None and (required_skills or preferred_skills):
        preferred = [s for s in canonical_skill_names(preferred_skills or [], normalize) if s in all_skills]
        required = [s for s in all_skills if s not in preferred]
    else:
        required, preferred = split_required_preferred(text, all_skills, extract=extract)
    title_skills = [s for s in _title_skill_names(title or "", extract, normalize) if s in all_skills]
    return PostingFeatures(
        id=id, title=title or "", company=company or "", location=location or "",
        remote_type=remote_type if remote_type in REMOTE_TYPES else "unknown",
        salary_min=salary_min, salary_max=salary_max, salary_currency=salary_currency or "",
        salary_period=salary_period or "year", seniority=detect_seniority(title or ""),
        required_skills=required, preferred_skills=preferred, skills=all_skills, title_skills=title_skills,
        text=text or "", posted_at=posted_at, fingerprint=fingerprint or "",
    )


def _entries(fields, name):
    value = fields.get(name) or []
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _strings(entry, *keys):
    parts = []
    for key_name in keys:
        value = entry.get(key_name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(item) for item in value if isinstance(item, str))
    return parts


# What a profile says about its work, field by field: everything the resume said lands in one of
# them (import places each line in a field or keeps it in unplaced_text), so matching reads as much
# of the person as their source text holds, without the resume's headings and labels.
PROFILE_TEXT_FIELDS = {
    "experience": ("title", "company", "bullets"),
    "education": ("degree", "field", "institution", "courses"),
    "certifications": ("name", "issuer"),
    "projects": ("name", "description", "highlights", "keywords"),
    "volunteer": ("position", "organization", "summary", "highlights"),
    "publications": ("name", "summary"),
    "awards": ("title", "summary"),
}


# The Profile fields profile_features_from_fields reads (callers pass model_to_dict(profile, fields=...)).
PROFILE_MATCHING_FIELDS = (
    "headline", "summary", "skills", "experience", "education", "certifications", "projects", "volunteer",
    "publications", "awards", "unplaced_text", "target_titles", "target_locations", "remote_preference",
    "min_salary", "salary_currency", "seniority", "excluded_companies", "avoid_keywords",
)


def profile_text_from_fields(fields):
    """The profile's words for text relevance: headline, summary, every entry's text, every skill as
    written and the text import could not place."""
    parts = [fields.get("headline") or "", fields.get("summary") or ""]
    for name, keys in PROFILE_TEXT_FIELDS.items():
        for entry in _entries(fields, name):
            parts.extend(_strings(entry, *keys))
    for item in fields.get("skills") or []:
        parts.append(item.get("name", "") if isinstance(item, dict) else str(item))
    parts.append(fields.get("unplaced_text") or "")
    return "\n".join(part for part in parts if part)


def profile_features_from_fields(fields, *, normalize=None):
    """Build a profile record from a Profile's fields (a dict shaped like the model's JSON fields)."""
    if normalize is None:
        normalize = _default_skill_functions()[1]
    skills, seen = [], set()
    for item in fields.get("skills") or []:
        item = item if isinstance(item, dict) else {"name": str(item)}
        canonical = item.get("normalized") or normalize(item.get("name", "")) or None
        if canonical and canonical not in seen:
            seen.add(canonical)
            years = item.get("years")
            skills.append(ProfileSkill(canonical, float(years) if isinstance(years, int | float) else None,
                                       str(item.get("level") or "")))
    experience = _entries(fields, "experience")
    recent_titles = [e.get("title", "") for e in experience[:3] if e.get("title")]
    return ProfileFeatures(
        skills=skills,
        target_titles=list(fields.get("target_titles") or []),
        recent_titles=recent_titles,
        seniority=fields.get("seniority") or "",
        target_locations=list(fields.get("target_locations") or []),
        remote_preference=fields.get("remote_preference") or "any",
        min_salary=fields.get("min_salary"),
        salary_currency=fields.get("salary_currency") or "USD",
        excluded_companies=list(fields.get("excluded_companies") or []),
        avoid_keywords=list(fields.get("avoid_keywords") or []),
        text=profile_text_from_fields(fields),
    )
