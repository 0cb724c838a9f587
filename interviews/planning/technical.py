"""Technical questions for one posting and candidate, drawn from the bank.

Only skills present in the posting are asked about: its requirements, and skills its title or
responsibilities name (not one only the company blurb mentions). Questions are shared out between skills by
the posting's emphasis (required over nice to have, more mentions, in the title) and a little by
the candidate's weakness in the skill; within a skill the draw favours the difficulty that fits
the posting and the candidate, questions that echo the posting's responsibilities, and a mix of
kinds. The draw is seeded, so the same inputs and seed give the same questions.
"""

import random
import re
from dataclasses import dataclass, field

from interviews.planning.posting_text import describe_emphasis, responsibilities, skill_emphasis
from interviews.planning.snapshots import JUNIOR, SENIOR

DIFFICULTY_NAMES = {1: "junior", 2: "mid", 3: "senior"}
# How much a question's difficulty may differ from the target: same, one step, two steps.
_DIFFICULTY_FIT = {0: 1.0, 1: 0.4, 2: 0.1}
# Skills the candidate lacks or is new to get a little more practice.
_CANDIDATE_FACTOR = {0: 1.25, 1: 1.25, 2: 1.0, 3: 0.85}
_STOPWORDS = frozenset(
    "a an and are as at be by can do for from how in into is it its of on or our that the their this to use used "
    "using we what when which who why will with would you your about across all also any each have has more new "
    "other such they them these those than then there work working team teams ability experience".split()
)


@dataclass(frozen=True)
class TechnicalItem:
    """One chosen bank question (interviews.bank.TechnicalQuestion) with why it was chosen."""

    question: object  # TechnicalQuestion
    target_difficulty: str
    reasons: tuple = ()
    responsibility: str = ""  # the posting line it echoes, when one does

    @property
    def question_id(self):
        return self.question.id

    @property
    def skill(self):
        return self.question.skill

    def to_dict(self):
        q = self.question
        return {
            "question_id": q.id, "skill": q.skill, "question": q.question, "points": list(q.points),
            "difficulty": q.difficulty, "kind": q.kind, "source": q.source, "licence": q.licence,
            "target_difficulty": self.target_difficulty, "reasons": list(self.reasons), "responsibility": self.responsibility,
        }


@dataclass
class TechnicalSelection:
    items: list = field(default_factory=list)
    uncovered_skills: list = field(default_factory=list)  # posting skills the bank has no questions for


def content_words(text):
    return {word for word in re.findall(r"[a-z][a-z0-9+#.]*[a-z0-9+#]|[a-z]", text.lower()) if word not in _STOPWORDS and len(word) > 2}


def target_difficulty(posting_level, candidate_rank):
    """The difficulty to practise at: a step below the posting for a skill the candidate lacks,
    otherwise halfway between the posting's level and the candidate's, rounded up."""
    if candidate_rank == 0:
        return max(JUNIOR, posting_level - 1)
    return min(SENIOR, -(-(posting_level + candidate_rank) // 2))


def allocate(weights, total, capacity):
    """Share `total` slots out by weight, at most `capacity[key]` each (Sainte-Laguë divisors).

    Every key first gets one slot, heaviest first (with fewer slots than keys the lightest go
    without); each further slot goes to the key with the highest weight / (slots + 0.5), ties
    to the earlier key, so shares stay proportional and the result is deterministic.
    """
    keys = [key for key in weights if capacity.get(key, 0) > 0]
    counts = {key: 1 if index < total else 0 for index, key in enumerate(keys)}
    for _ in range(total - sum(counts.values())):
        open_keys = [key for key in keys if counts[key] < capacity[key]]
        if not open_keys:
            break
        best = max(open_keys, key=lambda key: (weights[key] / (counts[key] + 0.5), -keys.index(key)))
        counts[best] += 1
    return {key: count for key, count in counts.items() if count}


def _best_responsibility(question, lines, skill):
    words = content_words(" ".join((question.question, *question.points))) - content_words(skill)
    best, best_overlap = "", 0
    for line in lines:
        overlap = len(words & content_words(line))
        if overlap > best_overlap:
            best, best_overlap = line, overlap
    return best, best_overlap


def _draw(questions, count, *, target, lines, skill, rng):
    """Weighted draw without replacement; each pick halves the weight of others of the same kind."""
    scored = []
    for question in questions:
        line, overlap = _best_responsibility(question, lines, skill)
        weight = _DIFFICULTY_FIT[abs(question.difficulty_rank - target)] * (1 + 0.5 * min(overlap, 3))
        scored.append([question, weight, line if overlap >= 3 else ""])  # cite only a clear echo
    chosen = []
    while scored and len(chosen) < count:
        total = sum(weight for _, weight, _ in scored)
        point, running = rng.random() * total, 0.0
        for index, (_, weight, _) in enumerate(scored):
            running += weight
            if point <= running:
                break
        picked = scored.pop(index)
        chosen.append(picked)
        for entry in scored:
            if entry[0].kind == picked[0].kind:
                entry[1] /= 2
    return chosen


def select_technical(*, posting, profile, bank, count=12, seed=0):
    """TechnicalSelection of up to `count` questions, each about a skill present in the posting."""
    emphasis = {skill: value for skill, value in skill_emphasis(posting).items() if value.asked_about}
    uncovered = [skill for skill in emphasis if not bank.technical(skill)]
    weights = {
        skill: emphasis[skill].weight * _CANDIDATE_FACTOR[profile.rank_for(skill)]
        for skill in emphasis if bank.technical(skill)
    }
    weights = dict(sorted(weights.items(), key=lambda item: -item[1]))
    counts = allocate(weights, count, {skill: len(bank.technical(skill)) for skill in weights})
    lines = responsibilities(posting)
    items = []
    for skill, how_many in counts.items():
        rank = profile.rank_for(skill)
        target = target_difficulty(posting.level, rank)
        rng = random.Random(f"{seed}:technical:{skill}")
        for question, _, line in _draw(bank.technical(skill), how_many, target=target, lines=lines, skill=skill, rng=rng):
            reasons = [describe_emphasis(emphasis[skill])]
            reasons.append(_level_reason(posting.level, rank, target, skill))
            if line:
                reasons.append(f"echoes the responsibility \"{line}\"")
            items.append(TechnicalItem(question=question, target_difficulty=DIFFICULTY_NAMES[target],
                                       reasons=tuple(reasons), responsibility=line))
    return TechnicalSelection(items=items, uncovered_skills=uncovered)


def _level_reason(posting_level, rank, target, skill):
    posting = DIFFICULTY_NAMES[posting_level]
    if rank == 0:
        return f"pitched at {DIFFICULTY_NAMES[target]}: a {posting}-level posting, and {skill} is not in your profile"
    return f"pitched at {DIFFICULTY_NAMES[target]}: a {posting}-level posting, and your {skill} level reads as {DIFFICULTY_NAMES[rank]}"


__all__ = ["TechnicalItem", "TechnicalSelection", "allocate", "content_words", "select_technical", "target_difficulty"]
