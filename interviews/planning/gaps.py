"""Gaps: exactly the posting's required skills the profile lacks, each with an honest way to address it.

"Lacks" means neither listed as a skill nor named in the experience (ProfileSnapshot.skill_names).
Adjacent experience comes from skill_relations.yaml (skills that carry over, with what carries
over), then from the same vocabulary category with weaker wording. Learning steps come from the
bank's file for the skill, else from a step for its category.
"""

from dataclasses import dataclass

from jobly.skills import skill_category

_MAX_ADJACENT = 3
# A shared category says nothing here: knowing German does not carry over to Mandarin.
_NO_CATEGORY_ADJACENCY = {"soft_skill", "spoken_language"}


@dataclass(frozen=True)
class AdjacentSkill:
    skill: str
    years: float | None
    level: str
    why: str
    close: bool  # True when a relation group says it carries over; False for the same category only

    def to_dict(self):
        return {"skill": self.skill, "years": self.years, "level": self.level, "why": self.why, "close": self.close}


@dataclass(frozen=True)
class Gap:
    skill: str
    category: str
    adjacent: tuple  # AdjacentSkill
    learning_steps: tuple
    talking_point: str

    def to_dict(self):
        return {
            "skill": self.skill, "category": self.category, "adjacent": [a.to_dict() for a in self.adjacent],
            "learning_steps": list(self.learning_steps), "talking_point": self.talking_point,
        }


def missing_required(posting, profile):
    """The posting's required skills the profile does not show, in the posting's order."""
    return [skill for skill in posting.required_skills if skill not in profile.skill_names]


def _claim_strength(profile, skill):
    claim = profile.claims.get(skill)
    return (profile.rank_for(skill), (claim.years or 0) if claim else 0)


def adjacent_skills(skill, profile, relations):
    """Up to three of the candidate's skills that carry over to `skill`: those sharing the smallest
    relation group first (the closest relation), then the strongest; then same-category ones."""
    close, loose = {}, {}
    for group in sorted(relations.groups_for(skill), key=lambda group: (len(group.skills), group.name)):
        for name in sorted(group.skills & profile.skill_names):
            if name != skill and name not in close:
                close[name] = (len(group.skills), f"{group.name}: {group.transfers}")
    category = skill_category(skill)
    if category and category not in _NO_CATEGORY_ADJACENCY:
        for name in sorted(profile.skill_names):
            if name != skill and name not in close and skill_category(name) == category:
                loose[name] = (0, f"same area ({category.replace('_', ' ')}); check what really carries over")

    def ranked(found):
        return sorted(found, key=lambda name: (found[name][0], *(-value for value in _claim_strength(profile, name)), name))

    result = []
    for found, is_close in ((close, True), (loose, False)):
        for name in ranked(found)[: _MAX_ADJACENT - len(result)]:
            claim = profile.claims.get(name)
            result.append(AdjacentSkill(skill=name, years=claim.years if claim else None,
                                        level=claim.level if claim else "", why=found[name][1], close=is_close))
    return tuple(result)


def _talking_point(skill, category, adjacent):
    if category == "soft_skill":
        return (f"The posting asks for {skill}, and your profile does not name it. Choose a story below that shows "
                f"it, and say the word when you tell it; a claim without an example convinces no one.")
    if category == "spoken_language":
        return (f"The posting requires {skill}, and your profile does not list it. If you speak it, add it to your "
                f"profile with your level; if not, say so plainly rather than hoping it will not come up.")
    best = next((entry for entry in adjacent if entry.close), None)
    if best:
        years = f" ({best.years:g} years)" if best.years else ""
        return (f"Say plainly that you have not used {skill} yourself. Point to {best.skill}{years}, which carries "
                f"over to it, and to what you are doing to learn {skill}.")
    if adjacent:
        return (f"Say plainly that {skill} is new to you. {adjacent[0].skill} is in the same area, but say only "
                f"what really carries over, and what you have started doing to learn {skill}.")
    return (f"Say plainly that {skill} is new to you, and what you have already done to start learning it "
            f"(the first step below); do not claim experience you do not have.")


def find_gaps(*, posting, profile, bank):
    """One Gap per required skill the profile lacks."""
    gaps = []
    for skill in missing_required(posting, profile):
        category = skill_category(skill) or ""
        adjacent = adjacent_skills(skill, profile, bank.relations)
        steps = bank.learning_steps(skill) or (bank.relations.generic_step(skill, category),)
        gaps.append(Gap(skill=skill, category=category, adjacent=adjacent, learning_steps=tuple(steps),
                        talking_point=_talking_point(skill, category, adjacent)))
    return gaps


__all__ = ["AdjacentSkill", "Gap", "adjacent_skills", "find_gaps", "missing_required"]
