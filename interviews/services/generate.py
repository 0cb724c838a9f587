"""Generating an interview prep: start the background job, run the planner, store the result.

`start_generation` creates (or reuses) the prep row and enqueues "interviews.generate" in one
transaction; the worker calls `generate_prep`, which builds snapshots, plans every section with
progress and cancellation between sections, lets a model writer enrich the STAR outlines under
the no-fabrication guard, and replaces the content in one update with `interview_prep.ready`.
A generation that fails or is cancelled moves the prep out of its active state through the
`job.failed` / `job.cancelled` subscription (`on_generation_finished`), which also covers a job the
reaper fails after its worker died.
"""

from django.db import transaction
from django.utils import timezone

from interviews.errors import NoProfile, PostingGone
from interviews.models import InterviewPrep, PracticeAnswer
from interviews.planning import PLANNER_VERSION, plan_prep
from interviews.services.enrich import enrich_stories
from interviews.services.snapshots import snapshot_of_job, snapshot_of_profile
from jobly import background
from jobly.errors import InvalidInput, NotFound, PermanentError
from jobly.events import publish
from jobly.models import BackgroundJob
from matching.models import Job
from matching.selectors import chosen_profile

JOB_TYPE = "interviews.generate"
READY_EVENT = "interview_prep.ready"
DEFAULT_DAILY_MINUTES = 60


def _profile_for(user, profile_id):
    profile = chosen_profile(user, profile_id)  # NotFound for another user's profile
    if profile is None:
        raise NoProfile()
    return profile


def start_generation(*, user, job_id, profile_id=None, interview_date=None, application_id=None, daily_minutes=None):
    """Prepare for the posting `job_id` with one of the user's profiles (default: the default one).

    Returns (prep, background_job, created). Preparing again for the same profile and posting
    regenerates that prep (its practice answers stay and weigh the new study plan); while a
    generation is queued or running the same job is returned (created False).
    """
    job = Job.objects.for_user(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("Posting not found.")
    profile = _profile_for(user, profile_id)
    if daily_minutes is not None and not 15 <= daily_minutes <= 480:
        raise InvalidInput("Study between 15 and 480 minutes a day.", details={"daily_minutes": ["From 15 to 480."]})
    with transaction.atomic():
        now = timezone.now()
        prep, _ = InterviewPrep.objects.select_for_update().get_or_create(
            owner=user, profile=profile, job=job,
            defaults={"title": job.title[:300], "company": job.company[:200], "created_at": now, "updated_at": now},
        )
        if interview_date is not None:
            prep.interview_date = interview_date
        if application_id is not None:
            prep.application_id = application_id
        if daily_minutes is not None:
            prep.daily_minutes = daily_minutes
        background_job, created = background.enqueue(
            user=user, type=JOB_TYPE, params={"prep_id": prep.pk},
            message=f"Queued: interview prep for {prep.title[:200]}",
        )
        if created or not prep.is_active:
            prep.status = InterviewPrep.Status.QUEUED
            prep.background_job = background_job
        prep.updated_at = now
        prep.save()
    return prep, background_job, created


def _ratings(prep):
    return [(question_id, rating) for question_id, rating in
            PracticeAnswer.objects.filter(prep=prep, rating__isnull=False).values_list("question_id", "rating")]


def generate_prep(*, prep_id, background_job_id=None, progress=None, check_cancelled=None, writer=None, today=None):
    """Plan the prep's every section and store it; returns a short summary for the job's result."""
    progress = progress or (lambda percent, message: None)
    check_cancelled = check_cancelled or (lambda: None)
    prep = InterviewPrep.objects.select_related("profile", "job").filter(pk=prep_id).first()
    if prep is None:
        raise PermanentError("The interview prep was deleted before it was generated.", code="prep_not_found")
    if prep.job is None:
        raise PostingGone()
    InterviewPrep.objects.filter(pk=prep.pk).update(status=InterviewPrep.Status.GENERATING, updated_at=timezone.now())
    progress(5, "Reading the profile and the posting")
    profile, posting = snapshot_of_profile(prep.profile), snapshot_of_job(prep.job)

    def section_done(percent, message):
        check_cancelled()  # between sections: a cancelled job stops before the next one
        progress(10 + percent * 0.75, f"Planned the {message}")

    planned = plan_prep(profile=profile, posting=posting, today=today or timezone.localdate(),
                        interview_date=prep.interview_date, seed=prep.pk, daily_minutes=prep.daily_minutes,
                        ratings=_ratings(prep), progress=section_done)
    content = planned.to_dict()
    check_cancelled()
    progress(88, "Wording the stories")
    writer_name = enrich_stories(content, profile=profile, writer=writer)
    check_cancelled()
    with transaction.atomic():
        locked = InterviewPrep.objects.select_for_update().filter(pk=prep.pk).first()
        if locked is None:
            raise PermanentError("The interview prep was deleted while it was generated.", code="prep_not_found")
        if background_job_id is not None and locked.background_job_id not in (None, background_job_id):
            raise PermanentError("A newer generation of this prep took over.", code="superseded")
        now = timezone.now()
        locked.content = content
        locked.planner_version = PLANNER_VERSION
        locked.status = InterviewPrep.Status.READY
        locked.error = {}
        locked.writer = writer_name
        locked.title, locked.company = prep.job.title[:300], prep.job.company[:200]
        locked.generated_at = locked.updated_at = now
        locked.save()
        publish(locked.owner_id, READY_EVENT, {
            "prep_id": locked.pk, "job_id": prep.job_id, "profile_id": locked.profile_id,
            "application_id": locked.application_id, "background_job_id": background_job_id, "title": locked.title, "company": locked.company,
        })
    return {"prep_id": prep.pk, "job_id": prep.job_id, "technical": len(content["technical"]),
            "behavioural": len(content["behavioural"]), "gaps": len(content["gaps"]),
            "study_days": len(content["study_plan"]["days"])}


def on_generation_finished(event):
    """`job.failed` / `job.cancelled` of an "interviews.generate" job: the prep leaves its active state
    (back to ready when an earlier generation's content is there)."""
    data = event.data or {}
    if data.get("type") != JOB_TYPE or not isinstance(data.get("job_id"), int):
        return
    failed = event.type == "job.failed"
    with transaction.atomic():
        prep = (InterviewPrep.objects.select_for_update()
                .filter(background_job_id=data["job_id"], status__in=InterviewPrep.ACTIVE).first())
        if prep is None:
            return
        if prep.content:
            prep.status = InterviewPrep.Status.READY
        else:
            prep.status = InterviewPrep.Status.FAILED if failed else InterviewPrep.Status.CANCELLED
        error = data.get("error") or {}
        prep.error = {"code": error.get("code", "failed"), "message": error.get("message", "")} if failed else {}
        prep.updated_at = timezone.now()
        prep.save(update_fields=["status", "error", "updated_at"])


def delete_prep(*, user, prep_id):
    from interviews.errors import PrepNotFound

    with transaction.atomic():
        prep = InterviewPrep.objects.for_user(user).select_for_update().filter(pk=prep_id).first()
        if prep is None:
            raise PrepNotFound()
        if prep.is_active and prep.background_job_id:
            job = BackgroundJob.objects.filter(pk=prep.background_job_id).first()
            if job is not None and not job.is_final:
                background.request_cancel(user=user, job_id=job.pk)
        prep.delete()
