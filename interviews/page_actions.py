"""The "Prepare for interview" button on job and match pages (registered with jobly.page_actions in ready())."""

from interviews.selectors import prep_for_posting


def prepare_button(request, obj):
    """On a job or match page (obj is the Job or the Match): a link to the prep when there is one,
    else the button that starts generating it."""
    match = obj if hasattr(obj, "profile_id") and hasattr(obj, "job") else None
    job = match.job if match is not None else obj
    if request is None or not request.user.is_authenticated:
        return None
    profile_id = match.profile_id if match is not None else None
    return {
        "template": "interviews/_prepare_button.html",
        "context": {"job": job, "profile_id": profile_id, "prep": prep_for_posting(request.user, job.pk, profile_id)},
    }
