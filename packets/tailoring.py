"""Tailoring with provenance: what of the profile a packet shows for one posting, in which order (pure).

`tailor(candidate=, posting=, writer=)` ranks the candidate's experience bullets, projects and skills
by what the posting asks for (matching's required/preferred split of the posting's skills), has the
writer word the chosen bullets, the summary and the letter (every draft passes the provenance guard
inside the writer; a rejected draft keeps the original text and leaves a note), and builds the
requirements table: each skill the posting asks for → the ids of the profile items that evidence it,
or "not evidenced" (a note for the user, never a claim). Nothing here touches the database.
"""

import re
from dataclasses import dataclass, field

from jobly.skills import extract_skills
from jobly.writers import Posting, Written
from jobly.writers.facts import clean_text
from matching.scoring import posting_features_from_job_fields

MAX_BULLETS_RECENT = 5  # per role, for the two most recent roles
MAX_BULLETS_OLDER = 3
MAX_SKILLS = 24
MAX_PROJECTS = 3
MAX_RESPONSIBILITIES = 12
NOT_EVIDENCED = "not evidenced"
_RESPONSIBILITY_LINE = re.compile(r"^\s*(?:[-•*·]|\d+[.)])\s+(.{12,200})$", re.MULTILINE)


@dataclass(frozen=True)
class Requirement:
    skill: str
    kind: str  # "required" | "preferred"
    evidence: tuple = ()  # profile item ids

    @property
    def evidenced(self):
        return bool(self.evidence)

    def to_dict(self):
        return {"requirement": self.skill, "kind": self.kind, "evidence": list(self.evidence),
                "status": "evidenced" if self.evidence else NOT_EVIDENCED}


@dataclass
class Tailoring:
    """The choices for one packet; `bullets` maps a role id to its chosen, worded bullets (Written)."""

    summary: Written
    skills: list  # skill names, most relevant first
    bullets: dict  # role id -> [Written]
    projects: list  # project ids, most relevant first
    requirements: list  # Requirement
    letter: object  # LetterText
    writer: str = ""
    notes: list = field(default_factory=list)

    def requirements_table(self):
        return [requirement.to_dict() for requirement in self.requirements]


def posting_from_job_fields(*, title, company="", location="", remote_type="unknown", text="", skills=None,
                            required_skills=None, preferred_skills=None):
    """A writer's `Posting` from a Job's fields, with matching's skill extraction and required/preferred split."""
    features = posting_features_from_job_fields(
        id=0, title=title, company=company, location=location, remote_type=remote_type, text=text or "",
        skills=skills or None, required_skills=required_skills, preferred_skills=preferred_skills,
    )
    responsibilities = tuple(clean_text(m.group(1)) for m in _RESPONSIBILITY_LINE.finditer(text or ""))[:MAX_RESPONSIBILITIES]
    return Posting(
        title=clean_text(features.title), company=clean_text(features.company), location=clean_text(features.location),
        remote_type=features.remote_type, skills=tuple(features.skills), required_skills=tuple(features.required_skills),
        preferred_skills=tuple(features.preferred_skills), responsibilities=responsibilities, text=features.text,
    )


def _weights(posting):
    weights = {skill: 1 for skill in posting.wanted_skills()}
    weights.update({skill: 2 for skill in posting.preferred_skills})
    weights.update({skill: 3 for skill in posting.required_skills})
    return weights


def relevance(text, weights):
    """How much a piece of profile text answers the posting: its skills weighted required 3, preferred 2,
    other named 1; a stated number (an outcome) breaks ties."""
    skills = set(extract_skills(text or ""))
    return sum(weights.get(skill, 0) for skill in skills) + (0.5 if re.search(r"\d", text or "") else 0)


def rank_bullets(role, weights, limit):
    """The role's bullets most relevant first (profile order among equals), at most `limit`."""
    scored = sorted(enumerate(role.bullets), key=lambda pair: (-relevance(pair[1].text, weights), pair[0]))
    return [bullet for _, bullet in scored[:limit]]


def rank_skills(candidate, posting):
    """The profile's skills: those the posting asks for first (in the posting's order), then the rest as listed."""
    wanted = posting.wanted_skills()
    names = candidate.skill_names()
    first = [skill for skill in wanted if skill in names]
    return (first + [name for name in names if name not in first])[:MAX_SKILLS]


def _project_text(project):
    return "\n".join([project.name, project.description, *project.keywords, *(h.text for h in project.highlights)])


def rank_projects(candidate, weights):
    """Projects that name a skill the posting asks for, most relevant first (at most MAX_PROJECTS)."""
    scored = [(relevance(_project_text(p), weights), order, p) for order, p in enumerate(candidate.projects)]
    return [p.id for score, _, p in sorted(scored, key=lambda e: (-e[0], e[1])) if score >= 1][:MAX_PROJECTS]


def evidence_for(skill, candidate):
    """Ids of the profile items that evidence `skill`: bullets and project highlights that name it first,
    then the skills list, then the summary or headline."""
    found = [b.id for b in candidate.bullets() if skill in extract_skills(b.text)]
    for project in candidate.projects:
        found += [h.id for h in project.highlights if skill in extract_skills(h.text)]
        if skill in project.keywords or skill in extract_skills(f"{project.name}\n{project.description}"):
            found.append(project.id)
    found += [item.id for item in candidate.skills if item.text == skill]
    for pointer, text in (("/summary", candidate.summary), ("/headline", candidate.headline)):
        if text and skill in extract_skills(text):
            found.append(pointer)
    return tuple(dict.fromkeys(found))


def requirements_table(candidate, posting):
    kinds = {skill: "preferred" for skill in posting.preferred_skills} | {skill: "required" for skill in posting.required_skills}
    return [Requirement(skill, kinds.get(skill, "preferred"), evidence_for(skill, candidate)) for skill in posting.wanted_skills()]


@dataclass
class Plan:
    """What to show, chosen before any writing: bullets per role (SourceItems), skills, projects, the table."""

    bullets: dict  # role id -> [SourceItem]
    skills: list
    projects: list
    requirements: list
    notes: list = field(default_factory=list)


def choose(*, candidate, posting):
    """Rank and choose the profile's items for `posting` (no writer involved)."""
    weights = _weights(posting)
    notes, bullets = [], {}
    for position, role in enumerate(candidate.roles):
        limit = MAX_BULLETS_RECENT if position < 2 else MAX_BULLETS_OLDER
        bullets[role.id] = rank_bullets(role, weights, limit)
        if len(role.bullets) > len(bullets[role.id]):
            notes.append(f"{len(role.bullets) - len(bullets[role.id])} less relevant bullet(s) of "
                         f"{role.title or role.employer or role.id} left out.")
    requirements = requirements_table(candidate, posting)
    for requirement in requirements:
        if not requirement.evidenced:
            notes.append(f"The posting asks for {requirement.skill} ({requirement.kind}); the profile does not evidence it, "
                         "so the packet does not claim it.")
    return Plan(bullets=bullets, skills=rank_skills(candidate, posting), projects=rank_projects(candidate, weights),
                requirements=requirements, notes=notes)


def write(*, plan, candidate, posting, writer):
    """Word the chosen items with the writer (each draft guarded inside it) and write the letter."""
    weights = _weights(posting)
    notes = []
    bullets = {}
    for role_id, chosen in plan.bullets.items():
        bullets[role_id] = [writer.rewrite_bullet(item=item, posting=posting, candidate=candidate) for item in chosen]
        notes += [note for written in bullets[role_id] for note in written.notes]
    summary = writer.tailored_summary(candidate=candidate, posting=posting)
    notes += summary.notes
    chosen = sorted((item for items in plan.bullets.values() for item in items), key=lambda item: -relevance(item.text, weights))
    letter = writer.cover_letter(candidate=candidate, posting=posting, achievements=chosen[:3] or None)
    notes += letter.notes
    return Tailoring(summary=summary, skills=plan.skills, bullets=bullets, projects=plan.projects,
                     requirements=plan.requirements, letter=letter, writer=writer.describe(),
                     notes=list(dict.fromkeys([*notes, *plan.notes])))


def tailor(*, candidate, posting, writer):
    """Choose, order and word the profile for `posting`; every output line keeps the id of its source item."""
    return write(plan=choose(candidate=candidate, posting=posting), candidate=candidate, posting=posting, writer=writer)
