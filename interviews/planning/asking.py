"""Questions the candidate asks the interviewer, filled in with what this posting says.

Each question names its basis: the posting line it quotes, or the posting field it rests on
(remote type, location, company, title, a required skill). Templates live in
question_bank/questions_to_ask.yaml; one whose facts the posting does not give is skipped.
"""

import re
from dataclasses import dataclass

from jobly.skills import skill_category

from interviews.planning.posting_text import COMPANY, OTHER, RESPONSIBILITIES, TEAM, lines_of, responsibilities, skill_emphasis

_TEAM_WORDS = re.compile(r"\b(team|squad|group|department|org(?:anization|anisation)?)\b", re.I)
_PRODUCT_WORDS = re.compile(r"\b(product|platform|app|application|service|tool|customers|users)\b", re.I)
_MAX_QUOTE = 160
_NOT_ASKED_ABOUT = {"soft_skill", "spoken_language"}


@dataclass(frozen=True)
class AskItem:
    topic: str  # role | team | product | skills | location | company | growth | process
    question: str
    basis: str

    def to_dict(self):
        return {"topic": self.topic, "question": self.question, "basis": self.basis}


def _quote(line):
    line = " ".join(line.split()).rstrip(".;:,")
    return line if len(line) <= _MAX_QUOTE else line[: _MAX_QUOTE].rsplit(" ", 1)[0] + "…"


def _sentence_like(line):
    """A line worth quoting: six words or more, mostly lower case ("Your New Tech Team & Stack" is a heading)."""
    words = [word for word in line.split() if word[:1].isalpha()]
    return len(line.split()) >= 6 and sum(word[0].isupper() for word in words) * 2 < len(words)


def _first_line(lines, pattern, *, exclude=()):
    for line in lines:
        if _sentence_like(line) and pattern.search(line) and line not in exclude:
            return line
    return ""


def questions_to_ask(*, posting, gaps, bank, limit=10):
    """Up to `limit` AskItems, the posting-specific ones first."""
    templates = bank.asking_templates
    found = []

    def add(topic, key, basis, **values):
        found.append(AskItem(topic=topic, question=templates[key].format(**values), basis=basis))

    duties = responsibilities(posting)
    if duties:
        add("role", "responsibility_success", f"posting: \"{_quote(duties[0])}\"", line=_quote(duties[0]))
    if len(duties) > 1:
        add("role", "responsibility_now", f"posting: \"{_quote(duties[1])}\"", line=_quote(duties[1]))
    team_line = _first_line(lines_of(posting, TEAM), re.compile(".")) or _first_line(
        lines_of(posting, RESPONSIBILITIES, OTHER, COMPANY), _TEAM_WORDS, exclude=duties[:2])
    if team_line:
        add("team", "team_described", f"posting: \"{_quote(team_line)}\"", line=_quote(team_line))
    elif posting.company:
        add("team", "team_unstated", "posting: company name; the posting does not describe the team", company=posting.company)
    product_line = _first_line(lines_of(posting, COMPANY, OTHER, RESPONSIBILITIES), _PRODUCT_WORDS,
                               exclude=(*duties[:2], team_line))
    if product_line:
        add("product", "product_described", f"posting: \"{_quote(product_line)}\"", line=_quote(product_line))

    # "How is English used day to day?" helps no one: ask about skills that are learned and practised.
    emphasis = {skill: value for skill, value in skill_emphasis(posting).items()
                if skill_category(skill) not in _NOT_ASKED_ABOUT}
    required = [skill for skill, value in emphasis.items() if value.tier == "required"]
    nice = [skill for skill, value in emphasis.items() if value.tier == "nice"]
    learnable_gaps = [gap for gap in gaps if gap.category not in _NOT_ASKED_ABOUT]
    gap_skills = {gap.skill for gap in gaps}
    strongest = next((skill for skill in required if skill not in gap_skills), None)
    if strongest:
        add("skills", "skill_in_practice", f"posting: {strongest} is required", skill=strongest)
    if learnable_gaps:
        add("skills", "gap_support", f"posting: {learnable_gaps[0].skill} is required and not in your profile",
            skill=learnable_gaps[0].skill)
    elif nice:
        add("skills", "nice_to_have", f"posting: {nice[0]} is listed as nice to have", skill=nice[0])

    at_location = f" in {posting.location}" if posting.location else ""
    remote_key = posting.remote_type if posting.remote_type in ("remote", "hybrid", "onsite") else "location_unknown"
    basis = f"posting: remote type {posting.remote_type}" + (f", location {posting.location}" if posting.location else "")
    add("location", remote_key, basis, at_location=at_location)
    if posting.company:
        add("company", "company_direction", "posting: company name", company=posting.company)
    if posting.title:
        add("growth", "seniority_growth", "posting: job title", title=posting.title)
    add("process", "next_steps", "asked in every interview")
    return found[:limit]


__all__ = ["AskItem", "questions_to_ask"]
