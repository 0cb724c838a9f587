"""Reading a posting's text: its sections, required versus nice-to-have skills, and skill emphasis.

Postings arrive as plain text with headings on their own lines ("Responsibilities",
"Minimum qualifications", "Nice to have", "About the team"), the way ingestion turns board
HTML into text. A heading is a short line that starts with one of the known phrases.
"""

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from jobly.skills import extract_skills

RESPONSIBILITIES, REQUIRED, PREFERRED, TEAM, COMPANY, BENEFITS, OTHER = (
    "responsibilities", "required", "preferred", "team", "company", "benefits", "other",
)
# Order matters: "preferred qualifications" must be read before "qualifications".
_HEADINGS = (
    (PREFERRED, r"preferred qualifications|preferred skills|preferred|nice to haves?|nice-to-haves?|bonus points|bonus|"
                r"pluses|a plus|extra credit|good to have|desirable|desired (?:skills|qualifications)"),
    (REQUIRED, r"minimum qualifications|minimum (?:role )?requirements|basic qualifications|required skills|"
               r"skills (?:and|&) requirements|job requirements|requirements|qualifications|must haves?|what you(?:'ll)? need|"
               r"what we(?:'re| are) looking for|we(?:'re| are) looking for|who you are|about you|you are|you have|you|"
               r"what you(?:'ll)? bring|what you bring|your profile|your skills|skills"),
    (RESPONSIBILITIES, r"key responsibilities|responsibilities|what you(?:'ll| will) do|what you(?:'ll| will) be doing|"
                       r"about the role|the role|role overview|your role|in this role|role|the opportunity|the work|"
                       r"you will|you(?:'ll)? spend time on|what (?:will )?you(?:'ll)? (?:get to )?work on|"
                       r"what your (?:work|day|role) will (?:focus on|look like|be)|day to day|job summary|job description|description|overview|summary"),
    (TEAM, r"about the team|the team|our team|meet the team|how we work|what we(?:'re| are) working on"),
    (COMPANY, r"about us|who we are|about the company|about [\w&.' -]{2,40}|our mission|what we value|our values|company|"
              r"why (?!join\b|work\b)[\w&.' -]{2,40}"),
    (BENEFITS, r"benefits|perks|what we offer|salary and benefits|pay and benefits|compensation|job benefits|why join us|"
                r"why work (?:for|with) us"),
    (OTHER, r"interview process|how to apply|to apply|ready to apply|eeoc statement|equal opportunity|diversity and inclusion|"
            r"tech stack|our stack|location"),
)
# A heading is one of the phrases exactly, or a phrase of two or more words followed by a few more
# ("Preferred qualifications for this role:"); a single word such as "You" or "Role" must stand alone.
_HEADING_EXACT = tuple((kind, re.compile(rf"^(?:{pattern})$")) for kind, pattern in _HEADINGS)
_HEADING_PREFIX = tuple((kind, re.compile(rf"^(?P<phrase>{pattern})\b[\w\s&'()/-]{{0,30}}$")) for kind, pattern in _HEADINGS)
_NICE_INLINE = re.compile(r"\b(nice to have|a plus|is a plus|are a plus|bonus|preferred|ideally|desirable|not required)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_EDGE_MARKS = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)  # bullets, emoji, colons, question marks
TIER_WEIGHT = {"required": 3.0, "nice": 1.5, "mentioned": 1.0}


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    lines: tuple


@dataclass(frozen=True)
class SkillEmphasis:
    """How much a posting stresses one skill: its tier, in how many sentences, in the title or not."""

    skill: str
    tier: str  # required | nice | mentioned
    mentions: int
    in_title: bool
    weight: float
    in_responsibilities: bool = False

    @property
    def asked_about(self):
        """Whether interviewers are likely to ask about it: a requirement, or named in the title or a
        responsibility; a skill only the company blurb names ("a video marketing platform") is not."""
        return self.tier != "mentioned" or self.in_title or self.in_responsibilities


def _heading_kind(line):
    if len(line) > 60 or len(line.split()) > 8 or line.endswith((".", ",")):
        return None
    key = " ".join(_EDGE_MARKS.sub("", line.replace("’", "'")).lower().split())
    if not key:
        return None
    for kind, pattern in _HEADING_EXACT:
        if pattern.match(key):
            return kind
    for kind, pattern in _HEADING_PREFIX:
        match = pattern.match(key)
        if match and _heading_like_prefix(match["phrase"], key, line):
            return kind
    return None


def _heading_like_prefix(phrase, key, line):
    """A phrase followed by more words is a heading only if it is specific ("Nice to have (not
    required)"), unlike "You will own the roadmap", which is a sentence."""
    if len(phrase.split()) < 2 or phrase.startswith("you"):
        return False
    return line.rstrip().endswith(":") or len(key.split()) - len(phrase.split()) <= 3


@lru_cache(maxsize=256)
def split_sections(text):
    """The text as sections; lines before the first heading form an untitled OTHER section."""
    sections, kind, heading, lines = [], OTHER, "", []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        found = _heading_kind(line)
        if found:
            if lines or heading:
                sections.append(Section(kind, heading, tuple(lines)))
            kind, heading, lines = found, line.rstrip(":").strip(), []
        else:
            lines.append(line)
    if lines or heading:
        sections.append(Section(kind, heading, tuple(lines)))
    return tuple(sections)


def split_requirements(text):
    """(required skills, nice-to-have skills, whether the text had a requirements section).

    Skills in required sections are required, unless their line says "a plus" or "preferred";
    skills in preferred sections are nice to have unless also required.
    """
    required, nice = [], []
    sections = split_sections(text)
    has_sections = any(section.kind in (REQUIRED, PREFERRED) for section in sections)
    for section in sections:
        if section.kind not in (REQUIRED, PREFERRED):
            continue
        for line in section.lines:
            target = nice if section.kind == PREFERRED or _NICE_INLINE.search(line) else required
            target.extend(name for name in extract_skills(line) if name not in target)
    return required, [name for name in nice if name not in required], has_sections


def sentences(text):
    """Lines of the text split further at sentence ends: the units in which mentions are counted."""
    return [part.strip() for line in (text or "").splitlines() for part in _SENTENCE_END.split(line) if part.strip()]


def lines_of(posting, *kinds):
    return [line for section in split_sections(posting.description_text) if section.kind in kinds for line in section.lines]


_FIELD_LINE = re.compile(r"^[\w .&/-]{2,25}:\s")  # "Headquarters: Toronto", "URL: https://..."
_URL = re.compile(r"https?://|www\.", re.I)


def _duty_like(line):
    return 4 <= len(line.split()) <= 30 and not _FIELD_LINE.match(line) and not _URL.search(line)


def responsibilities(posting, limit=8):
    """The posting's responsibility lines. Without such a section: short lines of a posting that has
    no headings at all (a pasted list of duties); never an intro paragraph or a "Key: value" line."""
    sections = split_sections(posting.description_text)
    found = [line for section in sections if section.kind == RESPONSIBILITIES for line in section.lines if _duty_like(line)]
    if not found and all(not section.heading for section in sections):
        found = [line for section in sections for line in section.lines if _duty_like(line)]
    return found[:limit]


def skill_emphasis(posting):
    """SkillEmphasis for every skill of the posting, heaviest first (ties keep the posting's order).

    weight = tier weight (required 3, nice to have 1.5, mentioned only 1)
             x (1 + 0.5 log2 sentences mentioning it) x 1.5 when the title names it.
    """
    counts = {}
    for sentence in sentences(posting.description_text):
        for name in extract_skills(sentence):
            counts[name] = counts.get(name, 0) + 1
    in_title = set(extract_skills(posting.title))
    in_duties = {name for line in responsibilities(posting) for name in extract_skills(line)}
    required, nice = set(posting.required_skills), set(posting.nice_to_have_skills)
    found = []
    for order, skill in enumerate(posting.skills):
        tier = "required" if skill in required else "nice" if skill in nice else "mentioned"
        mentions = counts.get(skill, 0)
        weight = TIER_WEIGHT[tier] * (1 + 0.5 * math.log2(max(mentions, 1))) * (1.5 if skill in in_title else 1.0)
        found.append((order, SkillEmphasis(skill, tier, mentions, skill in in_title, round(weight, 3), skill in in_duties)))
    found.sort(key=lambda pair: (-pair[1].weight, pair[0]))
    return {emphasis.skill: emphasis for _, emphasis in found}


def describe_emphasis(emphasis):
    """A reason a person reads: "Python is required and appears in 3 sentences of the posting"."""
    tier = {"required": "is required", "nice": "is listed as nice to have", "mentioned": "is mentioned"}[emphasis.tier]
    parts = [tier]
    if emphasis.mentions > 1:
        parts.append(f"appears in {emphasis.mentions} sentences of the posting")
    if emphasis.in_title:
        parts.append("is in the job title")
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{emphasis.skill} {joined}"


__all__ = [
    "BENEFITS", "COMPANY", "OTHER", "PREFERRED", "REQUIRED", "RESPONSIBILITIES", "Section", "SkillEmphasis", "TEAM",
    "describe_emphasis", "lines_of", "responsibilities", "sentences", "skill_emphasis", "split_requirements",
    "split_sections",
]
