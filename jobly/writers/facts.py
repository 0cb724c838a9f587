"""What a writer is given: the candidate's items (each with a stable id) and the posting, as plain data.

Nothing here touches the database. Packets and interviews turn a Profile's fields (the dict shape of
its JSON fields) into a `Candidate` with `candidate_from_profile_fields`, and a posting into a
`Posting`. Every item carries `id`, a JSON Pointer (RFC 6901) into the profile's fields such as
"/experience/0/bullets/2", so any line written from it can be traced back to it.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from jobly.skills import normalize_skill

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CONTROL_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
_BULLET_MARKS = re.compile(r"^[\s•·▪◦‣∙●○■□➢➤►\-–—*]+|^‚\?¢\s*")


def clean_text(value, *, max_length=None):
    """Text safe for every renderer: NFC, no control or format characters, single spaces.

    Tabs and line breaks become spaces; zero-width and bidirectional-override characters are
    dropped (they would make the PDF's extracted text differ from what the reader sees).
    """
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(" " if char in "\t\n\r\u2028\u2029\x0b\x0c" else char for char in text
                   if char in "\t\n\r\u2028\u2029\x0b\x0c" or unicodedata.category(char) not in _CONTROL_CATEGORIES)
    text = " ".join(text.split())
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def clean_bullet(value, *, max_length=None):
    """A bullet without the list marks resumes carry ("• ", "- ", "‚?¢ ")."""
    return clean_text(_BULLET_MARKS.sub("", clean_text(value)), max_length=max_length)


def format_month(value):
    """"2020-02-01" or "2020-02" → "Feb 2020"; "2020" → "2020"; anything else as written."""
    value = clean_text(value)
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?", value)
    if not match:
        return value
    year, month = match.group(1), match.group(2)
    if month and 1 <= int(month) <= 12:
        return f"{_MONTH_ABBR[int(month) - 1]} {year}"
    return year


def format_range(start, end, current=False):
    """"Feb 2020 – present", "Jun 2015 – Jan 2020", "2019" (one date), "" (none)."""
    start, end = format_month(start), format_month(end)
    if current:
        end = "present"
    if start and end:
        return f"{start} – {end}"
    return start or end


def year_of(value):
    match = re.match(r"\s*(\d{4})", value or "")
    return match.group(1) if match else ""


@dataclass(frozen=True)
class SourceItem:
    """One profile item a written line may come from, with the context it is true in.

    For a bullet, `employer`, `title` and the dates are those of its role: a rewrite may name them.
    """

    id: str
    kind: str  # bullet, summary, headline, skill, education, certification, language, role, project, project_highlight, profile
    text: str
    employer: str = ""
    title: str = ""
    start: str = ""
    end: str = ""

    def context(self):
        """Every string whose names, numbers and skills a rewrite of this item may use."""
        return [part for part in (self.text, self.employer, self.title) if part]

    def dates(self):
        return [part for part in (self.start, self.end) if part]


@dataclass(frozen=True)
class Role:
    id: str  # "/experience/0"
    employer: str
    title: str
    location: str = ""
    start: str = ""
    end: str = ""
    current: bool = False
    bullets: tuple = ()  # SourceItem(kind="bullet")

    @property
    def dates(self):
        return format_range(self.start, self.end, self.current)

    def as_item(self):
        return SourceItem(self.id, "role", f"{self.title} at {self.employer}", self.employer, self.title, self.start, self.end)


@dataclass(frozen=True)
class Project:
    id: str  # "/projects/0"
    name: str
    description: str = ""
    url: str = ""
    start: str = ""
    end: str = ""
    keywords: tuple = ()
    highlights: tuple = ()  # SourceItem(kind="project_highlight"), ids like "/projects/0/highlights/1"

    @property
    def dates(self):
        return format_range(self.start, self.end)

    def as_item(self):
        text = " — ".join(part for part in (self.name, self.description) if part)
        return SourceItem(self.id, "project", text, start=self.start, end=self.end)


@dataclass(frozen=True)
class Candidate:
    name: str = ""
    headline: str = ""
    summary: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    links: tuple = ()  # (label, url) pairs, http(s) only
    skills: tuple = ()  # SourceItem(kind="skill"), text = canonical name when the vocabulary knows it
    roles: tuple = ()  # Role
    education: tuple = ()  # SourceItem(kind="education")
    certifications: tuple = ()  # SourceItem(kind="certification")
    languages: tuple = ()  # SourceItem(kind="language")
    projects: tuple = ()  # Project

    def items(self):
        """Every item a line may cite, by id."""
        found = {}
        for item in (*self.skills, *self.education, *self.certifications, *self.languages):
            found[item.id] = item
        for role in self.roles:
            found[role.id] = role.as_item()
            for bullet in role.bullets:
                found[bullet.id] = bullet
        for project in self.projects:
            found[project.id] = project.as_item()
            for highlight in project.highlights:
                found[highlight.id] = highlight
        for pointer, kind, text in (("/summary", "summary", self.summary), ("/headline", "headline", self.headline)):
            if text:
                found[pointer] = SourceItem(pointer, kind, text)
        return found

    def item(self, item_id):
        return self.items().get(item_id)

    def skill_names(self):
        return [item.text for item in self.skills]

    def bullets(self):
        return [bullet for role in self.roles for bullet in role.bullets]

    def profile_source(self):
        """The whole profile as one source: what a summary or a letter's opening may draw on."""
        parts = [self.headline, self.summary, *(item.text for item in self.skills)]
        dates = []
        for role in self.roles:
            parts += [role.employer, role.title, *(bullet.text for bullet in role.bullets)]
            dates += [role.start, role.end]
        for project in self.projects:
            parts += [project.name, project.description, *(highlight.text for highlight in project.highlights)]
            dates += [project.start, project.end]
        parts += [item.text for item in (*self.education, *self.certifications, *self.languages)]
        for item in (*self.education, *self.certifications):
            dates += [item.start, item.end]
        text = "\n".join(part for part in parts if part)
        return SourceItem("/", "profile", text, start=" ".join(d for d in dates if d))


@dataclass(frozen=True)
class Posting:
    """The posting a document is written for (packets build it from matching's features)."""

    title: str
    company: str = ""
    location: str = ""
    remote_type: str = ""
    skills: tuple = ()
    required_skills: tuple = ()
    preferred_skills: tuple = ()
    responsibilities: tuple = ()
    text: str = ""

    def facts(self):
        """Names a letter or summary may mention without claiming them: the company and the role."""
        return [part for part in (self.company, self.title, self.location) if part]

    def wanted_skills(self):
        """Required then preferred then any other skill the posting names, each once."""
        return list(dict.fromkeys([*self.required_skills, *self.preferred_skills, *self.skills]))


def _list(fields, name):
    value = fields.get(name) or []
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _safe_link(url):
    url = clean_text(url, max_length=300)
    return url if re.match(r"(?i)^(https?://|mailto:)[^\s]+$", url) else ""


def _skill_items(fields):
    items, seen = [], set()
    for index, item in enumerate(_list(fields, "skills")):
        raw = clean_text(item.get("name"), max_length=80)
        name = item.get("normalized") or normalize_skill(raw) or raw
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            items.append(SourceItem(f"/skills/{index}", "skill", name))
    return tuple(items)


def _roles(fields):
    roles = []
    for index, entry in enumerate(_list(fields, "experience")):
        employer = clean_text(entry.get("company"), max_length=200)
        title = clean_text(entry.get("title"), max_length=200)
        start, end = clean_text(entry.get("start")), clean_text(entry.get("end"))
        bullets = []
        for number, bullet in enumerate(entry.get("bullets") or []):
            text = clean_bullet(bullet, max_length=600)
            if text:
                bullets.append(SourceItem(f"/experience/{index}/bullets/{number}", "bullet", text, employer, title, start, end))
        roles.append(Role(f"/experience/{index}", employer, title, clean_text(entry.get("location"), max_length=200),
                          start, end, bool(entry.get("current")) or (bool(start) and not end), tuple(bullets)))
    return tuple(roles)


def _projects(fields):
    projects = []
    for index, entry in enumerate(_list(fields, "projects")):
        name = clean_text(entry.get("name"), max_length=200)
        start, end = clean_text(entry.get("start")), clean_text(entry.get("end"))
        highlights = []
        for number, highlight in enumerate(entry.get("highlights") or []):
            text = clean_bullet(highlight, max_length=600)
            if text:
                highlights.append(SourceItem(f"/projects/{index}/highlights/{number}", "project_highlight", text,
                                             employer=name, start=start, end=end))
        keywords = tuple(clean_text(k, max_length=80) for k in entry.get("keywords") or [] if clean_text(k))
        if name or highlights:
            projects.append(Project(f"/projects/{index}", name, clean_text(entry.get("description"), max_length=600),
                                    _safe_link(entry.get("url")), start, end, keywords, tuple(highlights)))
    return tuple(projects)


def candidate_from_profile_fields(fields):
    """A Candidate from a Profile's fields (a dict shaped like the model's fields)."""
    education = []
    for index, entry in enumerate(_list(fields, "education")):
        degree = ", ".join(p for p in (clean_text(entry.get("degree")), clean_text(entry.get("field"))) if p)
        text = " — ".join(p for p in (degree, clean_text(entry.get("institution"))) if p)
        if text:
            education.append(SourceItem(f"/education/{index}", "education", text, start=clean_text(entry.get("start")),
                                        end=clean_text(entry.get("end"))))
    certifications = []
    for index, entry in enumerate(_list(fields, "certifications")):
        text = " — ".join(p for p in (clean_text(entry.get("name")), clean_text(entry.get("issuer"))) if p)
        if text:
            certifications.append(SourceItem(f"/certifications/{index}", "certification", text,
                                             start=clean_text(entry.get("date"))))
    languages = []
    for index, entry in enumerate(_list(fields, "languages")):
        text = " — ".join(p for p in (clean_text(entry.get("language")), clean_text(entry.get("fluency"))) if p)
        if text:
            languages.append(SourceItem(f"/languages/{index}", "language", text))
    links = []
    for entry in _list(fields, "links"):
        url = _safe_link(entry.get("url"))
        if url:
            links.append((clean_text(entry.get("label"), max_length=60), url))
    return Candidate(
        name=clean_text(fields.get("full_name"), max_length=200),
        headline=clean_text(fields.get("headline"), max_length=300),
        summary=clean_text(fields.get("summary"), max_length=2000),
        email=clean_text(fields.get("email"), max_length=254),
        phone=clean_text(fields.get("phone"), max_length=50),
        location=clean_text(fields.get("location"), max_length=200),
        links=tuple(links),
        skills=_skill_items(fields),
        roles=_roles(fields),
        education=tuple(education),
        certifications=tuple(certifications),
        languages=tuple(languages),
        projects=_projects(fields),
    )


@dataclass(frozen=True)
class Written:
    """A piece of text a writer produced, the items it came from, and what the guard said."""

    text: str
    sources: tuple = ()  # item ids
    writer: str = ""
    accepted: bool = True  # False: the draft was rejected and this is the fallback
    notes: tuple = ()  # readable notes for the user (rejections, fallbacks)

    def to_dict(self):
        return {"text": self.text, "sources": list(self.sources), "writer": self.writer,
                "accepted": self.accepted, "notes": list(self.notes)}


@dataclass(frozen=True)
class LetterText:
    paragraphs: tuple = ()  # Written
    writer: str = ""
    notes: tuple = field(default=())

    def to_dict(self):
        return {"paragraphs": [p.to_dict() for p in self.paragraphs], "writer": self.writer, "notes": list(self.notes)}
