"""Questions the candidate asks the interviewer, filled in with what this posting says.

Each question names its basis: the posting line it quotes, or the posting field it rests on
(remote type, location, company, title, a required skill). Templates live in
question_bank/questions_to_ask.yaml; one whose facts the posting does not give is skipped.
"""

import re
from dataclasses import dataclass

from interviews.planning.posting_text import COMPANY, OTHER, RESPONSIBILITIES, TEAM, lines_of, responsibilities, skill_emphasis

_TEAM_WORDS = re.compile(r"\b(team|squad|group|department|org(?:anization|anisation)?)\b", re.I)
_PRODUCT_WORDS = re.compile(r"\b(product|platform|app|application|service|tool|customers|users)\b", re.I)
_MAX_QUOTE = 160


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


def _first_line(lines, pattern, *, exclude=()):
    for line in lines:
        if len(line.split()) >= 5 and pattern.search(line) and line not in exclude:
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

    emphasis = skill_emphasis(posting)
    required = [skill for skill, value in emphasis.items() if value.tier == "required"]
    nice = [skill for skill, value in emphasis.items() if value.tier == "nice"]
    gap_skills = {gap.skill for gap in gaps}
    strongest = next((skill for skill in required if skill not in gap_skills), None)
    if strongest:
        add("skills", "skill_in_practice", f"posting: {strongest} is required", skill=strongest)
    if gaps:
        add("skills", "gap_support", f"posting: {gaps[0].skill} is required and not in your profile", skill=gaps[0].skill)
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
