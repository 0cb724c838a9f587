"""Behavioural questions, each paired with a STAR outline built from one real experience bullet.

The outline never adds facts: its `from_profile` parts are the job's title, company and dates and
verbatim fragments of the bullet; everything else is a prompt telling the candidate what to say
or prepare (prompts carry no numbers, names or outcomes). A bullet that states no result gets a
prompt to find one, never an estimate.
"""

import random
import re
from dataclasses import dataclass

from interviews.planning.posting_text import sentences
from jobly.skills import extract_skills

# A result clause that follows the action: ", cutting ...", " resulting in ...", " which reduced ...".
_RESULT_CLAUSE = re.compile(
    r"(?:\s*[,;:]\s*|\s+[–—-]\s+|\s+)(?:and\s+)?(?P<result>(?:resulting in|which (?:cut|reduced|increased|improved|"
    r"saved|raised|lowered|led to|helped|allowed|enabled|brought|made|meant)|leading to|cutting|reducing|saving|"
    r"increasing|improving|raising|lowering|boosting|growing|decreasing|halving|doubling|tripling|shortening|"
    r"speeding up|eliminating|preventing|enabling|allowing|achieving|generating|so that)\b.*)$",
    re.IGNORECASE,
)
# A bullet that opens with its result: "Reduced build time by 40% by caching dependencies".
_RESULT_FIRST = re.compile(
    r"^(?P<result>(?:cut|reduced|increased|improved|saved|raised|lowered|boosted|grew|decreased|halved|doubled|"
    r"tripled|shortened|sped up|eliminated|prevented|achieved|generated|exceeded|won|delivered)\b.*?)"
    r"(?:\s+(?P<means>(?:by|through|via|with|after)\s+(?:[a-z]+ing|introducing|moving|building|adding)\b.*))?$",
    re.IGNORECASE,
)
# "Built X to replace Y": the purpose after " to " or " in order to " is the task. The word after
# "to" must be lower case (a verb, not "to Celery") and no "from" may come first ("from A to B").
_PURPOSE = re.compile(r"\s(?P<purpose>(?:in order )?to\s+(?!the\b|a\b|an\b|production\b|market\b|date\b)[a-z]+\b.*)$")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class StarPart:
    from_profile: str  # words taken from the profile (verbatim bullet fragments or the job's fields); may be ""
    prompt: str  # what to say or prepare; never a fact

    def to_dict(self):
        return {"from_profile": self.from_profile, "prompt": self.prompt}


@dataclass(frozen=True)
class StarOutline:
    bullet_id: str
    experience_id: str
    bullet_text: str
    situation: StarPart
    task: StarPart
    action: StarPart
    result: StarPart
    result_stated: bool
    prepare: tuple = ()

    def to_dict(self):
        return {
            "bullet_id": self.bullet_id, "experience_id": self.experience_id, "bullet_text": self.bullet_text,
            "situation": self.situation.to_dict(), "task": self.task.to_dict(), "action": self.action.to_dict(),
            "result": self.result.to_dict(), "result_stated": self.result_stated, "prepare": list(self.prepare),
        }


@dataclass(frozen=True)
class BehaviouralItem:
    """One bank question (interviews.bank.BehaviouralQuestion) with its STAR outline, or None without bullets."""

    question: object  # BehaviouralQuestion
    competency_name: str
    star: StarOutline | None
    reasons: tuple = ()

    @property
    def question_id(self):
        return self.question.id

    def to_dict(self):
        q = self.question
        return {
            "question_id": q.id, "competency": q.competency, "competency_name": self.competency_name,
            "question": q.question, "signal": q.signal, "follow_ups": list(q.follow_ups), "source": q.source,
            "licence": q.licence, "star": self.star.to_dict() if self.star else None, "reasons": list(self.reasons),
        }


def _strip_end(text):
    return text.strip().rstrip(".;, ").strip()


def split_bullet(text):
    """(action, result, purpose) as verbatim fragments of a bullet; "" for a part it does not state."""
    text = _strip_end(text)
    first = _RESULT_FIRST.match(text)
    if first and (_NUMBER.search(first["result"]) or first["means"]):
        action = _strip_end(first["means"] or "")
        return action, _strip_end(first["result"]), ""
    match = _RESULT_CLAUSE.search(text)
    action, result = (text[: match.start()], match["result"]) if match and match.start() > 0 else (text, "")
    purpose = _PURPOSE.search(action)
    if purpose and purpose.start() > 0 and " from " not in action[: purpose.start()].lower():
        action, purpose_text = action[: purpose.start()], purpose["purpose"]
    else:
        purpose_text = ""
    return _strip_end(action), _strip_end(result), _strip_end(purpose_text)


def build_star(item, bullet):
    """The STAR outline for one bullet of one experience item."""
    action, result, purpose = split_bullet(bullet.text)
    role = " at ".join(part for part in (item.title, item.company) if part)
    situation = ", ".join(part for part in (role, item.period) if part)
    prepare = []
    if result:
        result_part = StarPart(result, "Say how you know this happened: what you measured or who noticed, and when.")
        if not _NUMBER.search(result):
            prepare.append("The bullet states the result without a measure. Find one you can check (time, errors, "
                           "users, money, feedback) or describe the change plainly; do not estimate a figure.")
    else:
        result_part = StarPart("", "This bullet states no result. Before the interview, find out what changed "
                                   "afterwards and how you could show it; if you cannot, say what you learned instead. "
                                   "Do not invent a number.")
        prepare.append("Look up what happened after this work: a measure, a decision it enabled, or feedback you received.")
    return StarOutline(
        bullet_id=bullet.id, experience_id=item.id, bullet_text=bullet.text,
        situation=StarPart(situation, "Set the scene in two sentences: the team, the product or client, and what was at stake."),
        task=StarPart(purpose, "Say what you were responsible for and why it mattered then." if purpose else
                      "Say what problem made this work necessary and what you personally were asked or chose to do."),
        action=StarPart(action, "Walk through the two or three steps you took yourself, the choices you made and why; "
                                "say \"I\", not \"we\"." if action else
                                "The bullet gives the outcome but not how. Say what you did yourself to get there."),
        result=result_part, result_stated=bool(result), prepare=tuple(prepare),
    )


def _count_cues(text, cues):
    lowered = f" {text.lower()} "
    total = 0
    for cue in cues:
        cue = cue.lower()
        if not cue.isalnum() and len(cue) == 1:
            total += lowered.count(cue)
        else:
            total += len(re.findall(rf"(?<![\w-]){re.escape(cue)}(?![\w-])", lowered))
    return total


def rank_competencies(posting, bank):
    """Competency keys by how much the posting speaks to them (cue words), ties in the bank's order."""
    text = "\n".join(sentences(f"{posting.title}\n{posting.description_text}"))
    scored = [(-_count_cues(text, competency.posting_cues), order, key)
              for order, (key, competency) in enumerate(bank.competencies.items())]
    return [(key, -negative) for negative, _, key in sorted(scored)]


def _bullet_score(bullet, competency, posting_skills, recency):
    result = split_bullet(bullet.text)[1]
    skills = [name for name in extract_skills(bullet.text) if name in posting_skills]
    score = 2 * _count_cues(bullet.text, competency.bullet_cues) + len(skills) + (1 if result else 0) + recency
    return score, skills


def select_behavioural(*, posting, profile, bank, count=6, seed=0):
    """Up to `count` behavioural questions, one per competency, each with a STAR outline from its
    own bullet (no bullet is used twice). Bullets go to competencies best pair first: the pair
    with the highest score wins, then the next among what is left. Without bullets the questions
    come with no outline."""
    rng = random.Random(f"{seed}:behavioural")
    ranked = [(key, hits) for key, hits in rank_competencies(posting, bank) if bank.behavioural_for(key)][:count]
    latest = profile.experience[0].id if profile.experience else None
    posting_skills = set(posting.skills)
    pairs = []
    for order, (key, _) in enumerate(ranked):
        for position, (item, bullet) in enumerate(profile.bullets()):
            recency = 1 if item.id == latest else 0  # the latest job is the easiest story to tell
            score, skills = _bullet_score(bullet, bank.competencies[key], posting_skills, recency)
            pairs.append((-score, order, position, key, item, bullet, skills))
    pairs.sort(key=lambda pair: pair[:3])
    assigned, used = {}, set()
    for _, _, _, key, item, bullet, skills in pairs:
        if key not in assigned and bullet.id not in used:
            assigned[key] = (item, bullet, skills)
            used.add(bullet.id)
    items = []
    for key, hits in ranked:
        competency = bank.competencies[key]
        question = rng.choice(bank.behavioural_for(key))
        reasons = [f"the posting speaks to {competency.name.lower()} ({hits} cue words)"] if hits else []
        star = None
        if key in assigned:
            item, bullet, skills = assigned[key]
            star = build_star(item, bullet)
            if skills:
                reasons.append(f"the story uses {', '.join(skills)}, which the posting asks for")
        items.append(BehaviouralItem(question=question, competency_name=competency.name, star=star, reasons=tuple(reasons)))
    return items


__all__ = ["BehaviouralItem", "StarOutline", "StarPart", "build_star", "rank_competencies", "select_behavioural", "split_bullet"]
