"""The core's own dashboard cards: profiles and recent background jobs (registered in JoblyConfig.ready())."""

from jobly.models import BackgroundJob, Profile


def profiles_card(request):
    profiles = list(Profile.objects.for_user(request.user).only("id", "name", "is_default", "headline", "skills")[:5])
    return {"template": "jobly/cards/_profiles.html", "context": {"profiles": profiles}}


def background_jobs_card(request):
    jobs = BackgroundJob.objects.for_user(request.user).order_by("-created_at", "-id")[:5]
    return {"template": "jobly/cards/_background_jobs.html", "context": {"recent_jobs": jobs}}

