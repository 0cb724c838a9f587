"""The core's own dashboard cards: profiles and live background activity (registered in JoblyConfig.ready())."""

from django.urls import reverse

from jobly.models import BackgroundJob, Profile

ACTIVE = (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)


def profiles_card(request):
    profiles = list(Profile.objects.for_user(request.user).only("id", "name", "is_default", "headline", "skills")[:5])
    content = {"template": "jobly/cards/_profiles.html", "context": {"profiles": profiles}}
    if not profiles:
        content["first_step"] = {"text": "Import your resume", "url": reverse("profiles:list"),
                                 "why": "Jobly ranks postings against your profile: upload a PDF, DOCX, Markdown or JSON Resume."}
    return content


def background_jobs_card(request):
    """Running and queued jobs with their progress (kept live by static/jobly/dashboard.js), then the last finished."""
    mine = BackgroundJob.objects.for_user(request.user).order_by("-created_at", "-id")
    active = list(mine.filter(status__in=ACTIVE)[:10])
    recent = list(mine.exclude(status__in=ACTIVE)[:5])
    return {"template": "jobly/cards/_background_jobs.html", "context": {"active_jobs": active, "recent_jobs": recent}}
