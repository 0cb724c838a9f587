"""The "Track application" button other apps' pages show (registered with jobly.page_actions in ready())."""

from tracking.selectors import application_for_job


def track_button(request, obj):
    """On a job or match page (obj is the Job or the Match): a link to the application when the
    posting is tracked, else the button."""
    match = obj if hasattr(obj, "profile_id") and hasattr(obj, "job") else None
    job = match.job if match is not None else obj
    if request is None or not request.user.is_authenticated:
        return None
    application = application_for_job(request.user, job.pk)
    return {
        "template": "tracking/_track_button.html",
        "context": {"job": job, "profile_id": match.profile_id if match is not None else None,
                    "application": application},
    }
