"""A packet's documents as plain data: a tailored CV and a cover letter, every line traceable.

Every text-bearing element carries its `source`: the id of the profile item it came from (a JSON
Pointer into the profile's fields, as `jobly.writers.facts` assigns them), `posting:<field>` for
what the posting supplies (the company a letter is addressed to), or `design` for a design's fixed
words (headings, salutation). Renderers only ever receive `normalized()` documents: clean text
(no control characters), bounded sizes, http(s)/mailto links only; what was cut is in the notes.
"""

from dataclasses import asdict, dataclass, field, fields, replace

from jobly.writers.facts import clean_text, format_range

SECTION_TITLES = {
    "summary": "Summary",
    "skills": "Skills",
    "experience": "Experience",
    "projects": "Projects",
    "education": "Education",
    "certifications": "Certifications",
    "languages": "Languages",
}
LIMITS = {"roles": 12, "bullets": 8, "skills": 40, "entries": 10, "paragraphs": 6, "contacts": 6}
TEXT_LIMITS = {"name": 120, "line": 300, "bullet": 400, "summary": 1200, "paragraph": 1100}
SAFE_LINK_PREFIXES = ("https://", "http://", "mailto:")


@dataclass
class Line:
    text: str
    source: str = "design"


@dataclass
class Contact:
    text: str
    source: str
    url: str = ""


@dataclass
class Bullet:
    text: str
    source: str
    original: str = ""  # the profile's wording when `text` is a rewrite


@dataclass
class Role:
    employer: str
    title: str
    source: str
    location: str = ""
    dates: str = ""
    bullets: list = field(default_factory=list)  # Bullet


@dataclass
class Entry:
    """An education, certification or language line."""

    text: str
    source: str
    detail: str = ""  # dates, fluency


@dataclass
class Paragraph:
    text: str
    sources: tuple = ()


@dataclass
class CvDocument:
    name: Line
    headline: Line | None = None
    contacts: list = field(default_factory=list)  # Contact
    summary: Paragraph | None = None
    skills: list = field(default_factory=list)  # Line (source: /skills/N)
    experience: list = field(default_factory=list)  # Role
    projects: list = field(default_factory=list)  # Role (title: the project's name, source: /projects/N)
    education: list = field(default_factory=list)  # Entry
    certifications: list = field(default_factory=list)  # Entry
    languages: list = field(default_factory=list)  # Entry
    kind = "cv"

    def sections(self):
        """The section keys present, in reading order."""
        present = {"summary": bool(self.summary and self.summary.text), "skills": bool(self.skills),
                   "experience": bool(self.experience), "projects": bool(self.projects), "education": bool(self.education),
                   "certifications": bool(self.certifications), "languages": bool(self.languages)}
        return [key for key in SECTION_TITLES if present[key]]

    def headings(self):
        return [SECTION_TITLES[key] for key in self.sections()]

    def contact_line(self):
        return " · ".join(contact.text for contact in self.contacts)

    def claimed_skills(self):
        return [line.text for line in self.skills]

    def to_dict(self):
        data = asdict(self)
        data["kind"] = self.kind
        data["headings"] = {key: SECTION_TITLES[key] for key in self.sections()}
        data["contact_line"] = self.contact_line()
        return data

    @classmethod
    def from_dict(cls, data):
        return cls(
            name=Line(**_pick(Line, data["name"])),
            headline=Line(**_pick(Line, data["headline"])) if data.get("headline") else None,
            contacts=[Contact(**_pick(Contact, c)) for c in data.get("contacts") or []],
            summary=_paragraph(data.get("summary")),
            skills=[Line(**_pick(Line, s)) for s in data.get("skills") or []],
            experience=_roles(data.get("experience")),
            projects=_roles(data.get("projects")),
            education=[Entry(**_pick(Entry, e)) for e in data.get("education") or []],
            certifications=[Entry(**_pick(Entry, e)) for e in data.get("certifications") or []],
            languages=[Entry(**_pick(Entry, e)) for e in data.get("languages") or []],
        )

    def normalized(self):
        """(a clean, bounded copy, [notes about what was cut])."""
        notes = []
        clip = _clipper(notes)
        experience = _normal_roles(clip(self.experience, "roles", "experience entries"), clip, notes)
        projects = _normal_roles(clip(self.projects, "entries", "projects"), clip, notes)
        document = replace(
            self,
            name=replace(self.name, text=_text(self.name.text, "name", notes)),
            headline=replace(self.headline, text=_text(self.headline.text, "line", notes)) if self.headline else None,
            contacts=_contacts(clip(self.contacts, "contacts", "contact details"), notes),
            summary=replace(self.summary, text=_text(self.summary.text, "summary", notes)) if self.summary else None,
            skills=[s for s in (replace(s, text=_text(s.text, "name", notes)) for s in clip(self.skills, "skills", "skills")) if s.text],
            experience=experience,
            projects=projects,
            education=_entries(clip(self.education, "entries", "education entries"), notes),
            certifications=_entries(clip(self.certifications, "entries", "certifications"), notes),
            languages=_entries(clip(self.languages, "entries", "languages"), notes),
        )
        return document, notes


@dataclass
class LetterDocument:
    name: Line
    contacts: list = field(default_factory=list)  # Contact
    date: str = ""
    recipient: Line | None = None  # the company (source posting:company)
    role: Line | None = None  # the role applied for (source posting:title)
    salutation: Line = field(default_factory=lambda: Line("Dear Hiring Team,"))
    paragraphs: list = field(default_factory=list)  # Paragraph
    closing: Line = field(default_factory=lambda: Line("Kind regards,"))
    kind = "letter"

    def contact_line(self):
        return " · ".join(contact.text for contact in self.contacts)

    def headings(self):
        return []

    def claimed_skills(self):
        return []

    def to_dict(self):
        data = asdict(self)
        data["kind"] = self.kind
        data["contact_line"] = self.contact_line()
        return data

    @classmethod
    def from_dict(cls, data):
        optional = {key: Line(**_pick(Line, data[key])) for key in ("recipient", "role", "salutation", "closing") if data.get(key)}
        return cls(name=Line(**_pick(Line, data["name"])), contacts=[Contact(**_pick(Contact, c)) for c in data.get("contacts") or []],
                   date=data.get("date") or "", paragraphs=[_paragraph(p) for p in data.get("paragraphs") or []], **optional)

    def normalized(self):
        notes = []
        clip = _clipper(notes)
        line = lambda value: replace(value, text=_text(value.text, "line", notes)) if value else None  # noqa: E731
        paragraphs = [replace(p, text=_text(p.text, "paragraph", notes)) for p in clip(self.paragraphs, "paragraphs", "paragraphs")]
        document = replace(
            self, name=replace(self.name, text=_text(self.name.text, "name", notes)),
            contacts=_contacts(clip(self.contacts, "contacts", "contact details"), notes),
            date=_text(self.date, "line", notes), recipient=line(self.recipient), role=line(self.role),
            salutation=line(self.salutation), closing=line(self.closing), paragraphs=[p for p in paragraphs if p.text],
        )
        return document, notes


def _pick(cls, data):
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in (data or {}).items() if key in names}


def _roles(data):
    return [Role(**(_pick(Role, r) | {"bullets": [Bullet(**_pick(Bullet, b)) for b in r.get("bullets") or []]})) for r in data or []]


def _normal_roles(roles, clip, notes):
    normal = []
    for role in roles:
        bullets = [replace(b, text=_text(b.text, "bullet", notes), original=_text(b.original, "bullet", notes))
                   for b in clip(role.bullets, "bullets", f"bullets of {role.employer or role.title or 'a role'}")]
        normal.append(replace(role, employer=_text(role.employer, "line", notes), title=_text(role.title, "line", notes),
                              location=_text(role.location, "line", notes), dates=_text(role.dates, "line", notes),
                              bullets=[b for b in bullets if b.text]))
    return normal


def _paragraph(data):
    if not data:
        return None
    return Paragraph(data.get("text", ""), tuple(data.get("sources") or ()))


def _text(value, limit, notes):
    text = clean_text(value)
    maximum = TEXT_LIMITS[limit]
    if len(text) > maximum:
        notes.append(f"A {limit} longer than {maximum} characters was shortened.")
        text = clean_text(text, max_length=maximum)
    return text


def _clipper(notes):
    def clip(items, limit, what):
        items = list(items or [])
        if len(items) > LIMITS[limit]:
            notes.append(f"Only the first {LIMITS[limit]} {what} were kept ({len(items)} given).")
        return items[: LIMITS[limit]]

    return clip


def _contacts(contacts, notes):
    cleaned = []
    for contact in contacts:
        url = clean_text(contact.url)
        if url and not url.lower().startswith(SAFE_LINK_PREFIXES):
            notes.append("A link that is not http(s) or mailto was printed without a link.")
            url = ""
        text = _text(contact.text, "line", notes)
        if text:
            cleaned.append(replace(contact, text=text, url=url))
    return cleaned


def _entries(entries, notes):
    return [e for e in (replace(e, text=_text(e.text, "line", notes), detail=_text(e.detail, "line", notes)) for e in entries) if e.text]


# Building documents from a candidate -------------------------------------------------------------


def contacts_of(candidate):
    contacts = []
    if candidate.email:
        contacts.append(Contact(candidate.email, "/email", f"mailto:{candidate.email}"))
    if candidate.phone:
        contacts.append(Contact(candidate.phone, "/phone"))
    if candidate.location:
        contacts.append(Contact(candidate.location, "/location"))
    for index, (label, url) in enumerate(candidate.links[:3]):
        shown = url.split("://", 1)[-1].rstrip("/")
        contacts.append(Contact(shown, f"/links/{index}", url))
    return contacts


def project_roles(candidate, project_ids):
    """The chosen projects as CV entries: name and dates, the description and highlights as bullets."""
    by_id = {project.id: project for project in candidate.projects}
    entries = []
    for project_id in project_ids:
        project = by_id.get(project_id)
        if project is None:
            continue
        bullets = ([Bullet(project.description, project.id)] if project.description else [])
        bullets += [Bullet(h.text, h.id) for h in project.highlights]
        entries.append(Role("", project.name, project.id, "", project.dates, bullets))
    return entries


def cv_from_candidate(candidate, *, summary=None, skills=None, bullets=None, projects=None):
    """A CV with every item of the candidate, in profile order unless told otherwise.

    summary: a `Written` (its sources become the summary's). skills: skill names in the order to
    show (default: all). bullets: {role id: [Written, ...]} to show instead of a role's own bullets.
    projects: project ids to show, in order (default: none).
    The tailoring service decides what to choose and order; this only lays the items out.
    """
    by_name = {item.text: item for item in candidate.skills}
    chosen = [by_name[name] for name in skills if name in by_name] if skills is not None else list(candidate.skills)
    items = candidate.items()
    roles = []
    for role in candidate.roles:
        if bullets is not None and role.id in bullets:
            role_bullets = [Bullet(w.text, w.sources[0], items[w.sources[0]].text if w.text != items[w.sources[0]].text else "")
                            for w in bullets[role.id]]
        else:
            role_bullets = [Bullet(b.text, b.id) for b in role.bullets]
        roles.append(Role(role.employer, role.title, role.id, role.location, role.dates, role_bullets))
    if summary is not None:
        summary_paragraph = Paragraph(summary.text, tuple(summary.sources))
    elif candidate.summary:
        summary_paragraph = Paragraph(candidate.summary, ("/summary",))
    else:
        summary_paragraph = None
    return CvDocument(
        name=Line(candidate.name, "/full_name"),
        headline=Line(candidate.headline, "/headline") if candidate.headline else None,
        contacts=contacts_of(candidate),
        summary=summary_paragraph,
        skills=[Line(item.text, item.id) for item in chosen],
        experience=roles,
        projects=project_roles(candidate, projects or []),
        education=[Entry(item.text, item.id, format_range(item.start, item.end)) for item in candidate.education],
        certifications=[Entry(item.text, item.id, format_range(item.start, "")) for item in candidate.certifications],
        languages=[Entry(item.text, item.id) for item in candidate.languages],
    )


def letter_from_text(candidate, posting, letter, *, date):
    """A letter document from the writer's paragraphs (a `LetterText`), addressed to the posting's company."""
    return LetterDocument(
        name=Line(candidate.name, "/full_name"),
        contacts=contacts_of(candidate)[:3],
        date=date,
        recipient=Line(posting.company, "posting:company") if posting.company else None,
        role=Line(f"Application: {posting.title}", "posting:title") if posting.title else None,
        salutation=Line(f"Dear {posting.company} hiring team," if posting.company else "Dear Hiring Team,"),
        paragraphs=[Paragraph(p.text, tuple(p.sources)) for p in letter.paragraphs],
    )
