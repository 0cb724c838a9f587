"""What the planner reads: plain snapshots of one candidate profile and one posting.

The Django layer builds them from `jobly.Profile` and `matching.Job` with
`profile_snapshot(...)` and `posting_snapshot(...)`, which accept the same shapes those
models store (skills as dicts, experience items with bullet strings, description text).
Nothing here touches the ORM, so the planner is tested and benchmarked on its own.
"""

import hashlib
import re
from dataclasses import dataclass, replace
from functools import cached_property

from jobly.skills import extract_skills, normalize_skill

# Levels on a 1-3 scale, shared by candidate skill levels, posting seniority and question difficulty.
JUNIOR, MID, SENIOR = 1, 2, 3
_LEVEL_WORDS = (
    (JUNIOR, r"beginner|basic|novice|elementary|familiar|junior|learning|entry|intern|some"),
    (SENIOR, r"advanced|expert|senior|fluent|strong|master|native|lead|principal|deep"),
    (MID, r"intermediate|working|proficient|competent|good|mid|solid|professional|experienced"),
)
_POSTING_SENIOR = re.compile(r"\b(senior|sr\.?|staff|principal|lead|head of|director|architect)\b", re.I)
_POSTING_JUNIOR = re.compile(r"\b(junior|jr\.?|intern|internship|graduate|entry[- ]level|trainee|apprentice|associate)\b", re.I)


@dataclass(frozen=True)
class SkillClaim:
    """One skill the candidate lists: canonical name when the vocabulary knows it, as typed otherwise."""

    name: str
    level: str = ""
    years: float | None = None

    @property
    def rank(self):
        """1 (junior) to 3 (senior), from the level words first, then years; 2 when neither says."""
        return skill_rank(self.level, self.years)


@dataclass(frozen=True)
class Bullet:
    id: str
    text: str


@dataclass(frozen=True)
class ExperienceItem:
    id: str
    company: str
    title: str
    start: str = ""
    end: str = ""
    current: bool = False
    bullets: tuple = ()

    @property
    def period(self):
        """"2021-03 – present" from the dates as the profile stores them; "" when it has none."""
        end = "present" if self.current else self.end
        return " – ".join(part for part in (self.start, end) if part)


@dataclass(frozen=True)
class ProfileSnapshot:
    skills: tuple = ()  # SkillClaim
    experience: tuple = ()  # ExperienceItem, most recent first (as profiles keep them)
    headline: str = ""
    seniority: str = ""
    implied: tuple = ()  # (skill, rank) pairs shown by other skills (Django implies Python); see with_implied

    @cached_property
    def claims(self):
        """Canonical skill name -> SkillClaim (the first claim wins when a skill is listed twice)."""
        found = {}
        for claim in self.skills:
            found.setdefault(claim.name, claim)
        return found

    @cached_property
    def evidenced_skills(self):
        """Skills named in experience titles and bullets, though not listed as skills."""
        found = []
        for item in self.experience:
            for text in (item.title, *(bullet.text for bullet in item.bullets)):
                found.extend(name for name in extract_skills(text) if name not in self.claims and name not in found)
        return tuple(found)

    @cached_property
    def skill_names(self):
        """Every skill the profile shows: listed, named in its experience, or implied by those."""
        return frozenset(self.claims) | frozenset(self.evidenced_skills) | frozenset(name for name, _ in self.implied)

    def with_implied(self, relations):
        """This snapshot with `implied` filled from the bank's implications (skill_relations.yaml).

        An implied skill takes the highest level of the skills that imply it."""
        ranks = {}
        for name in (*self.claims, *self.evidenced_skills):
            rank = self.rank_for(name)
            for implied in relations.implied_by([name]):
                if implied not in self.claims and implied not in self.evidenced_skills:
                    ranks[implied] = max(ranks.get(implied, 0), rank)
        return replace(self, implied=tuple(sorted(ranks.items())))

    def bullets(self):
        """(ExperienceItem, Bullet) pairs in profile order."""
        return [(item, bullet) for item in self.experience for bullet in item.bullets]

    def find_bullet(self, bullet_id):
        for item, bullet in self.bullets():
            if bullet.id == bullet_id:
                return item, bullet
        return None

    def rank_for(self, skill):
        """The candidate's level in a skill (1-3): as claimed; 1 when only experience mentions it; the
        implying skill's level when implied; 0 when absent."""
        if skill in self.claims:
            return self.claims[skill].rank
        if skill in self.evidenced_skills:
            return JUNIOR
        return dict(self.implied).get(skill, 0)


@dataclass(frozen=True)
class PostingSnapshot:
    title: str
    company: str = ""
    description_text: str = ""
    required_skills: tuple = ()
    nice_to_have_skills: tuple = ()
    location: str = ""
    remote_type: str = "unknown"  # remote | hybrid | onsite | unknown, as matching.Job stores it
    seniority: str = ""
    requirements_inferred: bool = False  # True when the text had no requirements section to split

    @cached_property
    def skills(self):
        """Every skill the posting shows: required, nice to have, then any other the text names."""
        found = list(dict.fromkeys((*self.required_skills, *self.nice_to_have_skills)))
        found += [name for name in extract_skills(f"{self.title}\n{self.description_text}") if name not in found]
        return tuple(found)

    @property
    def level(self):
        """1-3 from the seniority field or the title ("Senior", "Intern"); 2 when neither says."""
        text = f"{self.seniority} {self.title}"
        if _POSTING_SENIOR.search(text):
            return SENIOR
        if _POSTING_JUNIOR.search(text):
            return JUNIOR
        return MID


def skill_rank(level="", years=None):
    words = (level or "").lower()
    for rank, pattern in _LEVEL_WORDS:
        if re.search(rf"\b(?:{pattern})\b", words):
            return rank
    if years is not None:
        return JUNIOR if years < 1 else MID if years < 5 else SENIOR
    return MID


def canonical_skill(name):
    """The vocabulary's name for a skill, or the name as typed (trimmed) when it is not in the vocabulary."""
    name = " ".join(str(name or "").split())
    return normalize_skill(name) or name


def _stable_id(prefix, *parts):
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def _years(value):
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def profile_snapshot(*, skills=(), experience=(), languages=(), headline="", seniority="", relations=None):
    """A ProfileSnapshot from Profile-shaped data, with implied skills from the bank's relations
    (pass `relations` to use other data; the project's bank by default).

    skills: [{"name", "normalized"?, "level"?, "years"?}] or plain names.
    languages: [{"language", "fluency"}] as Profile.languages keeps them; they count as skills
    ("English" is a skill postings require), with the fluency as the level.
    experience: [{"id"?, "company", "title", "start", "end", "current", "bullets": [str | {"id", "text"}]}].
    Items and bullets without an id get one derived from their content (company, title, start,
    bullet text), so the same bullet keeps its id when the list is reordered, and an edited
    bullet gets a new one (a citation never points at words the bullet no longer says).
    """
    claims = []
    for skill in skills:
        entry = skill if isinstance(skill, dict) else {"name": skill}
        name = canonical_skill(entry.get("normalized") or entry.get("name"))
        if name:
            claims.append(SkillClaim(name=name, level=str(entry.get("level") or ""), years=_years(entry.get("years"))))
    for language in languages:
        name = canonical_skill(language.get("language") if isinstance(language, dict) else language)
        if name:
            fluency = str(language.get("fluency") or "") if isinstance(language, dict) else ""
            claims.append(SkillClaim(name=name, level=fluency))
    items = []
    for raw in experience:
        company, title = str(raw.get("company") or "").strip(), str(raw.get("title") or "").strip()
        start, end = str(raw.get("start") or "").strip(), str(raw.get("end") or "").strip()
        item_id = str(raw.get("id") or _stable_id("exp", company, title, start))
        bullets = []
        for bullet in raw.get("bullets") or ():
            text = str(bullet.get("text") if isinstance(bullet, dict) else bullet or "").strip()
            if text:
                given = bullet.get("id") if isinstance(bullet, dict) else None
                bullets.append(Bullet(id=str(given or _stable_id("b", company, title, start, text)), text=text))
        items.append(ExperienceItem(id=item_id, company=company, title=title, start=start, end=end,
                                    current=bool(raw.get("current")), bullets=tuple(bullets)))
    if relations is None:
        from interviews.bank import load_bank

        relations = load_bank().relations
    snapshot = ProfileSnapshot(skills=tuple(claims), experience=tuple(items), headline=headline or "", seniority=seniority or "")
    return snapshot.with_implied(relations)


def posting_snapshot(*, title, company="", description_text="", skills=(), location="", remote_type="unknown",
                     seniority="", required_skills=None, nice_to_have_skills=None):
    """A PostingSnapshot from Job-shaped data, splitting required from nice-to-have skills by the text.

    Explicit required/nice lists win (a caller that knows them, such as a form). Otherwise the
    description's sections decide (see posting_text.split_requirements); `skills` (Job.skills)
    are added as required when the text has no requirements section, and as mentioned otherwise.
    """
    from interviews.planning.posting_text import split_requirements

    inferred = False
    if required_skills is None and nice_to_have_skills is None:
        required, nice, has_sections = split_requirements(description_text)
        if not has_sections:
            required = list(dict.fromkeys([*required, *map(canonical_skill, skills), *extract_skills(title)]))
            inferred = True
    else:
        required = [canonical_skill(name) for name in required_skills or ()]
        nice = [canonical_skill(name) for name in nice_to_have_skills or () if canonical_skill(name) not in required]
    return PostingSnapshot(
        title=" ".join(str(title or "").split()), company=" ".join(str(company or "").split()),
        description_text=description_text or "", required_skills=tuple(dict.fromkeys(filter(None, required))),
        nice_to_have_skills=tuple(dict.fromkeys(filter(None, nice))), location=location or "",
        remote_type=remote_type or "unknown", seniority=seniority or "", requirements_inferred=inferred,
    )


__all__ = [
    "Bullet", "ExperienceItem", "JUNIOR", "MID", "PostingSnapshot", "ProfileSnapshot", "SENIOR", "SkillClaim",
    "canonical_skill", "posting_snapshot", "profile_snapshot", "skill_rank",
]
