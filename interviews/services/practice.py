"""Practice: the user's notes, self-rating and time per question; weak areas; re-planning the study plan.

A rating is 1 (could not answer) to 5 (nailed it). Weak areas are the study topics whose
questions average at most 2.5 (interviews.planning.study.weak_areas); `replan` plans the stored
study plan again with the ratings, so weak topics get more of the remaining days.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from interviews.errors import PrepNotFound, PrepNotReady, QuestionNotInPrep
from interviews.models import InterviewPrep, PracticeAnswer
from interviews.planning import replan_study
from interviews.planning.study import StudyPlan, weak_areas
from jobly.errors import InvalidInput

MAX_NOTES = 20_000
MAX_SECONDS = 24 * 3600  # one save adds at most a day of practice


def question_ids(content):
    """Every practisable question of a prep's content, in practice order: technical, then behavioural."""
    return [item["question_id"] for item in (*content.get("technical", ()), *content.get("behavioural", ()))]


def locked_prep(user, prep_id):
    prep = InterviewPrep.objects.for_user(user).select_for_update().filter(pk=prep_id).first()
    if prep is None:
        raise PrepNotFound()
    if not prep.content:
        raise PrepNotReady()
    return prep


def save_answer(*, user, prep_id, question_id, notes=None, rating=None, clear_rating=False, add_seconds=0):
    """Create or update the answer to one question of the prep. Only the given fields change;
    `add_seconds` is added to the time already spent."""
    if notes is not None and (not isinstance(notes, str) or len(notes) > MAX_NOTES):
        raise InvalidInput("Notes are text of at most 20,000 characters.", details={"notes": ["Too long."]})
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise InvalidInput("Rate from 1 to 5.", details={"rating": ["A whole number from 1 to 5."]})
    if isinstance(add_seconds, bool) or not isinstance(add_seconds, int) or not 0 <= add_seconds <= MAX_SECONDS:
        raise InvalidInput("Seconds spent must be from 0 to 86400.", details={"seconds_spent": ["From 0 to 86400."]})
    with transaction.atomic():
        prep = locked_prep(user, prep_id)
        if question_id not in question_ids(prep.content):
            raise QuestionNotInPrep()
        answer, _ = PracticeAnswer.objects.get_or_create(prep=prep, question_id=question_id,
                                                         defaults={"owner_id": prep.owner_id})
        if notes is not None:
            answer.notes = notes.replace("\x00", "")
        if rating is not None:
            answer.rating = rating
        elif clear_rating:
            answer.rating = None
        answer.seconds_spent += add_seconds
        answer.updated_at = timezone.now()
        answer.save()
        return answer


def ratings_of(prep):
    return [(answer.question_id, answer.rating) for answer in prep.practice_answers.all() if answer.rating is not None]


def weak_area_summary(prep, answers=None):
    """{"answered", "rated", "total", "weak_areas": [...], "mean_rating"} for a prep with content."""
    answers = list(prep.practice_answers.all()) if answers is None else list(answers)
    ids = question_ids(prep.content)
    in_prep = [answer for answer in answers if answer.question_id in ids]
    rated = [answer for answer in in_prep if answer.rating is not None]
    plan = StudyPlan.from_dict(prep.content["study_plan"]) if prep.content else None
    _, weak = weak_areas(plan.topics, [(a.question_id, a.rating) for a in rated]) if plan else ({}, ())
    return {
        "total": len(ids), "answered": sum(1 for a in in_prep if a.notes.strip() or a.rating is not None),
        "rated": len(rated), "mean_rating": round(sum(a.rating for a in rated) / len(rated), 2) if rated else None,
        "seconds_spent": sum(a.seconds_spent for a in in_prep),
        "weak_areas": [area.to_dict() for area in weak],
    }


def replan(*, user, prep_id, today=None):
    """Plan the prep's study plan again from today with the practice ratings (weak topics weigh more)."""
    with transaction.atomic():
        prep = locked_prep(user, prep_id)
        ratings = ratings_of(prep)
        start = max(today or timezone.localdate(), date.fromisoformat(prep.content["study_plan"]["start"]))
        plan = replan_study(prep.content, ratings=ratings, today=start)
        prep.content = {**prep.content, "study_plan": plan.to_dict()}
        prep.updated_at = timezone.now()
        prep.save(update_fields=["content", "updated_at"])
        return prep
