"""The "Track application" button other apps' pages show (registered with jobly.page_actions in ready())."""

from tracking.selectors import application_for_job


def track_button(request, *, job=None, match=None, **objects):
    """On a job or match page: a link to the application when the posting is tracked, else the button."""
    job = job or (match.job if match is not None else None)
    if job is None or not request.user.is_authenticated:
        return None
    application = application_for_job(request.user, job.pk)
    return {
        "template": "tracking/_track_button.html",
        "context": {"job": job, "profile_id": match.profile_id if match is not None else None,
                    "application": application},
    }
