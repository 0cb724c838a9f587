"""The study plan: minutes per topic per day until the interview, weighted by gaps and emphasis.

Each day gets exactly its budget (`daily_minutes`), cut into slots (15 minutes by default).
Slots are shared out between topics by weight (each topic gets at least one while slots last)
and spread over the days so a heavy topic comes back on several days instead of filling one.
Practice self-ratings (1 = could not answer, 5 = nailed it) feed back: a topic whose questions
were rated low weighs more in the next plan (`replan`).
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from interviews.planning.technical import allocate

SLOT_MINUTES = 15
DEFAULT_DAYS = 7
MAX_DAYS = 60
WEAK_BELOW = 2.5  # a topic whose mean rating is at most this is a weak area
# Candidate factor on a skill's weight: a required skill they lack, one they lack, then levels 1-3.
_GAP_FACTOR = 2.0
_LEVEL_FACTOR = {0: 1.25, 1: 1.5, 2: 1.0, 3: 0.6}
_STORIES_WEIGHT = 3.0  # as much as a required skill: behavioural rounds are in most interviews
_COMPANY_WEIGHT = 1.5


@dataclass(frozen=True)
class StudyTopic:
    key: str  # "skill:Python", "stories", "company"
    title: str
    kind: str  # gap | skill | stories | company
    base_weight: float
    activity: str
    question_ids: tuple = ()
    reasons: tuple = ()
    weight: float = 0.0  # base_weight x the practice-rating factor

    def to_dict(self):
        return {"key": self.key, "title": self.title, "kind": self.kind, "base_weight": self.base_weight,
                "weight": self.weight, "activity": self.activity, "question_ids": list(self.question_ids),
                "reasons": list(self.reasons)}


@dataclass(frozen=True)
class StudySession:
    topic_key: str
    title: str
    minutes: int
    activity: str

    def to_dict(self):
        return {"topic_key": self.topic_key, "title": self.title, "minutes": self.minutes, "activity": self.activity}


@dataclass(frozen=True)
class StudyDay:
    date: date
    sessions: tuple

    @property
    def minutes(self):
        return sum(session.minutes for session in self.sessions)

    def to_dict(self):
        return {"date": self.date.isoformat(), "minutes": self.minutes, "sessions": [s.to_dict() for s in self.sessions]}


@dataclass(frozen=True)
class WeakArea:
    topic_key: str
    title: str
    mean_rating: float
    ratings: int
    factor: float

    def to_dict(self):
        return {"topic_key": self.topic_key, "title": self.title, "mean_rating": self.mean_rating,
                "ratings": self.ratings, "factor": self.factor}


@dataclass(frozen=True)
class StudyPlan:
    start: date
    interview_date: date | None
    daily_minutes: int
    slot_minutes: int
    topics: tuple  # StudyTopic, heaviest first
    days: tuple  # StudyDay
    weak_areas: tuple = ()  # WeakArea
    rating_factors: dict = field(default_factory=dict)  # topic key -> factor applied

    @property
    def total_minutes(self):
        return sum(day.minutes for day in self.days)

    def minutes_by_topic(self):
        totals = {}
        for day in self.days:
            for session in day.sessions:
                totals[session.topic_key] = totals.get(session.topic_key, 0) + session.minutes
        return totals

    def to_dict(self):
        return {
            "start": self.start.isoformat(), "interview_date": self.interview_date.isoformat() if self.interview_date else None,
            "daily_minutes": self.daily_minutes, "slot_minutes": self.slot_minutes, "total_minutes": self.total_minutes,
            "topics": [topic.to_dict() for topic in self.topics], "days": [day.to_dict() for day in self.days],
            "weak_areas": [area.to_dict() for area in self.weak_areas], "rating_factors": dict(self.rating_factors),
        }

    @classmethod
    def from_dict(cls, data):
        """Rebuild a plan stored as to_dict() output (for a re-plan or an export)."""
        topics = tuple(StudyTopic(
            key=t["key"], title=t["title"], kind=t["kind"], base_weight=t["base_weight"], activity=t["activity"],
            question_ids=tuple(t.get("question_ids", ())), reasons=tuple(t.get("reasons", ())), weight=t.get("weight", 0.0),
        ) for t in data["topics"])
        days = tuple(StudyDay(date=date.fromisoformat(d["date"]), sessions=tuple(
            StudySession(s["topic_key"], s["title"], s["minutes"], s["activity"]) for s in d["sessions"])) for d in data["days"])
        weak = tuple(WeakArea(**area) for area in data.get("weak_areas", ()))
        interview = data.get("interview_date")
        return cls(start=date.fromisoformat(data["start"]), interview_date=date.fromisoformat(interview) if interview else None,
                   daily_minutes=data["daily_minutes"], slot_minutes=data["slot_minutes"], topics=topics, days=days,
                   weak_areas=weak, rating_factors=dict(data.get("rating_factors", {})))


def study_days(start, interview_date=None, *, default_days=DEFAULT_DAYS, max_days=MAX_DAYS):
    """The days to study: from `start` to the day before the interview (the interview day itself
    when it is today), or `default_days` from `start` without a date; at most the last `max_days`."""
    if interview_date is None:
        return [start + timedelta(days=offset) for offset in range(default_days)]
    if interview_date < start:
        return []
    count = max(1, (interview_date - start).days)
    first = max(0, count - max_days)
    return [start + timedelta(days=offset) for offset in range(first, count)]


def rating_factor(mean):
    """2.0 for a mean rating of 1, 1.0 for 3, 0.6 for 5: weak topics get more time, strong ones less."""
    return round(1 + (3 - mean) / 2 if mean <= 3 else 1 - (mean - 3) * 0.2, 3)


def _rating_value(rating):
    question_id, value = (rating["question_id"], rating["rating"]) if isinstance(rating, dict) else rating
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 5:
        raise ValueError(f"rating for {question_id!r} must be a number from 1 to 5, got {value!r}")
    return question_id, float(value)


def weak_areas(topics, ratings):
    """({topic key: factor}, weak areas) from practice ratings [(question_id, 1-5)] or dicts.

    Ratings of questions that belong to no topic are ignored (an old prep, another posting)."""
    topic_of = {question_id: topic for topic in topics for question_id in topic.question_ids}
    collected = {}
    for rating in ratings or ():
        question_id, value = _rating_value(rating)
        if question_id in topic_of:
            collected.setdefault(topic_of[question_id].key, []).append(value)
    factors, weak = {}, []
    titles = {topic.key: topic.title for topic in topics}
    for key in sorted(collected):
        values = collected[key]
        mean = round(sum(values) / len(values), 2)
        factors[key] = rating_factor(mean)
        if mean <= WEAK_BELOW:
            weak.append(WeakArea(topic_key=key, title=titles[key], mean_rating=mean, ratings=len(values), factor=factors[key]))
    weak.sort(key=lambda area: (area.mean_rating, area.topic_key))
    return factors, tuple(weak)


def _spread(slot_counts, day_count, slots_per_day, order):
    """Place each topic's slots at evenly spaced days; a full day passes the slot to the nearest free one."""
    wanted = []
    for key, count in slot_counts.items():
        for index in range(count):
            wanted.append(((index + 0.5) * day_count / count, order[key], key))
    wanted.sort()
    free = [slots_per_day] * day_count
    placed = [[] for _ in range(day_count)]
    for position, _, key in wanted:
        ideal = min(day_count - 1, int(position))
        for distance in range(day_count):
            candidates = [ideal - distance, ideal + distance] if distance else [ideal]
            day = next((d for d in candidates if 0 <= d < day_count and free[d] > 0), None)
            if day is not None:
                free[day] -= 1
                placed[day].append(key)
                break
    return placed


def build_study_plan(*, topics, start, interview_date=None, daily_minutes=60, slot_minutes=SLOT_MINUTES,
                     ratings=(), default_days=DEFAULT_DAYS, max_days=MAX_DAYS):
    """A StudyPlan over study_days(...) that spends exactly `daily_minutes` each day."""
    if not isinstance(daily_minutes, int) or daily_minutes <= 0:
        raise ValueError("daily_minutes must be a positive whole number of minutes")
    if not isinstance(slot_minutes, int) or slot_minutes <= 0:
        raise ValueError("slot_minutes must be a positive whole number of minutes")
    factors, weak = weak_areas(topics, ratings)
    weighted = [replace(topic, weight=round(topic.base_weight * factors.get(topic.key, 1.0), 3)) for topic in topics]
    weighted.sort(key=lambda topic: (-topic.weight, topic.key))
    days = study_days(start, interview_date, default_days=default_days, max_days=max_days)
    slot = min(slot_minutes, daily_minutes)
    slots_per_day = daily_minutes // slot
    extra = daily_minutes - slots_per_day * slot  # goes to each day's first session, so the day adds up
    by_key = {topic.key: topic for topic in weighted}
    order = {topic.key: index for index, topic in enumerate(weighted)}
    counts = allocate({t.key: t.weight for t in weighted}, len(days) * slots_per_day,
                      {t.key: len(days) * slots_per_day for t in weighted}) if weighted and days else {}
    plan_days = []
    for day, keys in zip(days, _spread(counts, len(days), slots_per_day, order)):
        sessions = []
        for key in sorted(set(keys), key=lambda key: order[key]):
            topic = by_key[key]
            minutes = keys.count(key) * slot + (extra if not sessions else 0)
            sessions.append(StudySession(topic_key=key, title=topic.title, minutes=minutes, activity=topic.activity))
        plan_days.append(StudyDay(date=day, sessions=tuple(sessions)))
    return StudyPlan(start=start, interview_date=interview_date, daily_minutes=daily_minutes, slot_minutes=slot,
                     topics=tuple(weighted), days=tuple(plan_days), weak_areas=weak, rating_factors=factors)


def replan(plan, *, ratings, start=None, default_days=DEFAULT_DAYS):
    """The same topics planned again from `start` (default: the old start) with practice ratings applied."""
    if isinstance(plan, dict):
        plan = StudyPlan.from_dict(plan)
    return build_study_plan(topics=plan.topics, start=start or plan.start, interview_date=plan.interview_date,
                            daily_minutes=plan.daily_minutes, slot_minutes=plan.slot_minutes, ratings=ratings,
                            default_days=default_days)


def study_topics(*, posting, profile, emphasis, technical_items, gaps, behavioural_items, max_skill_topics=8):
    """The topics of a prep: the heaviest posting skills (gaps weigh double), the STAR stories, the company."""
    gap_by_skill = {gap.skill: gap for gap in gaps}
    questions_by_skill = {}
    for item in technical_items:
        questions_by_skill.setdefault(item.skill, []).append(item.question_id)
    topics = []
    for skill, value in emphasis.items():
        ids = tuple(questions_by_skill.get(skill, ()))
        if value.tier == "mentioned" and not ids:
            continue
        rank = profile.rank_for(skill)
        gap = gap_by_skill.get(skill)
        factor = _GAP_FACTOR if gap else _LEVEL_FACTOR[rank]
        if gap:
            activity = f"Learn: {gap.learning_steps[0]}"
        elif ids:
            activity = (f"Answer {len(ids)} {skill} question{'s' if len(ids) > 1 else ''} aloud, then check "
                        f"your answer against the strong-answer points.")
        else:
            activity = f"Review how you have used {skill} and prepare one concrete example."
        reasons = [f"{skill} is {value.tier.replace('nice', 'nice to have')} in the posting"]
        reasons.append("not in your profile" if rank == 0 else f"your level reads as {('junior', 'mid', 'senior')[rank - 1]}")
        topics.append(StudyTopic(key=f"skill:{skill}", title=skill, kind="gap" if gap else "skill",
                                 base_weight=round(value.weight * factor, 3), activity=activity, question_ids=ids,
                                 reasons=tuple(reasons)))
    topics.sort(key=lambda topic: (-topic.base_weight, topic.key))
    del topics[max_skill_topics:]
    if behavioural_items:
        topics.append(StudyTopic(
            key="stories", title="Behavioural stories", kind="stories", base_weight=_STORIES_WEIGHT,
            activity="Tell one STAR story aloud from its outline, in about two minutes, then tighten it.",
            question_ids=tuple(item.question_id for item in behavioural_items),
            reasons=("behavioural rounds are part of most interviews",),
        ))
    if posting.company:
        topics.append(StudyTopic(
            key="company", title=f"{posting.company} and the role", kind="company", base_weight=_COMPANY_WEIGHT,
            activity=f"Research {posting.company}: what it sells, recent news, who you will meet; finish your questions to ask.",
            reasons=("interviewers expect you to know the company",),
        ))
    topics.sort(key=lambda topic: (-topic.base_weight, topic.key))
    return topics


__all__ = [
    "DEFAULT_DAYS", "SLOT_MINUTES", "StudyDay", "StudyPlan", "StudySession", "StudyTopic", "WeakArea",
    "build_study_plan", "rating_factor", "replan", "study_days", "study_topics", "weak_areas",
]
