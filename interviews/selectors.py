"""Interviews' reads, owner-scoped: the prep list, one prep with its answers, the prep for a posting."""

from django.db.models import Count, Prefetch, Q

from interviews.errors import PrepNotFound
from interviews.models import InterviewPrep, PracticeAnswer


def preps_for_user(user):
    """The user's preps, latest first, with how many questions they rated (for the list)."""
    return (InterviewPrep.objects.for_user(user).select_related("profile")
            .annotate(rated_count=Count("practice_answers", filter=Q(practice_answers__rating__isnull=False)))
            .order_by("-updated_at", "-id"))


def prep_for_user(user, prep_id):
    """One prep with its profile, background job and practice answers, or PrepNotFound (404)."""
    prep = (InterviewPrep.objects.for_user(user).select_related("profile", "background_job")
            .prefetch_related(Prefetch("practice_answers", queryset=PracticeAnswer.objects.order_by("id")))
            .filter(pk=prep_id).first())
    if prep is None:
        raise PrepNotFound()
    return prep


def prep_for_posting(user, job_id, profile_id=None):
    """The user's prep for a posting (of that profile when given), newest first; None when there is none."""
    queryset = InterviewPrep.objects.for_user(user).filter(job_id=job_id)
    if profile_id is not None:
        queryset = queryset.filter(profile_id=profile_id)
    return queryset.order_by("-updated_at", "-id").first()


def answers_by_question(prep):
    return {answer.question_id: answer for answer in prep.practice_answers.all()}
