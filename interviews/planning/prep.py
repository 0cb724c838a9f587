"""One interview prep for one candidate and one posting: every section, from snapshots, no ORM.

`plan_prep(...)` is what the InterviewPrep background job calls with snapshots it built from
Profile and Job; `Prep.to_dict()` is the JSON it stores; the exports read that JSON.
"""

from dataclasses import dataclass
from datetime import date

from interviews.bank import load_bank
from interviews.planning.asking import questions_to_ask
from interviews.planning.gaps import find_gaps
from interviews.planning.posting_text import skill_emphasis
from interviews.planning.stories import select_behavioural
from interviews.planning.study import build_study_plan, replan, study_topics
from interviews.planning.technical import select_technical

PLANNER_VERSION = 1


@dataclass(frozen=True)
class Prep:
    posting: dict  # title, company, location, remote_type, required and nice-to-have skills
    technical: tuple
    uncovered_skills: tuple
    behavioural: tuple
    gaps: tuple
    questions_to_ask: tuple
    study_plan: object  # StudyPlan
    seed: int
    version: int = PLANNER_VERSION

    def to_dict(self):
        return {
            "version": self.version, "seed": self.seed, "posting": dict(self.posting),
            "technical": [item.to_dict() for item in self.technical], "uncovered_skills": list(self.uncovered_skills),
            "behavioural": [item.to_dict() for item in self.behavioural], "gaps": [gap.to_dict() for gap in self.gaps],
            "questions_to_ask": [item.to_dict() for item in self.questions_to_ask],
            "study_plan": self.study_plan.to_dict(),
        }


def _no_progress(percent, message):
    return None


def plan_prep(*, profile, posting, today, interview_date=None, seed=0, technical_count=12, behavioural_count=6,
              daily_minutes=60, ratings=(), bank=None, progress=_no_progress):
    """A Prep for a ProfileSnapshot and a PostingSnapshot.

    today: the first study day (a date; the caller decides the user's time zone).
    interview_date: a date or None (then a default week is planned).
    ratings: practice self-ratings [(question_id, 1-5)] from an earlier prep of the same posting.
    progress: called as progress(percent, message) after each section (a JobContext.progress fits).
    """
    if not isinstance(today, date):
        raise TypeError("today must be a datetime.date")
    bank = bank or load_bank()
    emphasis = skill_emphasis(posting)
    technical = select_technical(posting=posting, profile=profile, bank=bank, count=technical_count, seed=seed)
    progress(30, "technical questions")
    behavioural = select_behavioural(posting=posting, profile=profile, bank=bank, count=behavioural_count, seed=seed)
    progress(55, "behavioural questions and stories")
    gaps = find_gaps(posting=posting, profile=profile, bank=bank)
    asking = tuple(questions_to_ask(posting=posting, gaps=gaps, bank=bank))
    progress(75, "gaps and questions to ask")
    topics = study_topics(posting=posting, profile=profile, emphasis=emphasis, technical_items=technical.items,
                          gaps=gaps, behavioural_items=behavioural)
    plan = build_study_plan(topics=topics, start=today, interview_date=interview_date, daily_minutes=daily_minutes,
                            ratings=ratings)
    progress(95, "study plan")
    summary = {
        "title": posting.title, "company": posting.company, "location": posting.location,
        "remote_type": posting.remote_type, "required_skills": list(posting.required_skills),
        "nice_to_have_skills": list(posting.nice_to_have_skills), "requirements_inferred": posting.requirements_inferred,
    }
    return Prep(
        posting=summary, technical=tuple(technical.items), uncovered_skills=tuple(technical.uncovered_skills),
        behavioural=tuple(behavioural), gaps=tuple(gaps),
        questions_to_ask=asking, study_plan=plan, seed=seed,
    )


def replan_study(prep_dict, *, ratings, today=None):
    """The stored prep's study plan planned again with practice ratings (weak topics get more time)."""
    return replan(prep_dict["study_plan"], ratings=ratings, start=today)


__all__ = ["PLANNER_VERSION", "Prep", "plan_prep", "replan_study"]
