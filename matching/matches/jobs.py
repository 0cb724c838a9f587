"""Background job type "matches.recompute": rank postings for a user's profiles and store the matches."""

from jobly.background import job_handler
from jobly.errors import PermanentError


def _ids(value, name):
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in value):
        raise PermanentError(f"{name} must be a list of ids or null.", code="invalid_params")
    return value


@job_handler("matches.recompute", queue="default",
             description="Scores postings for your profiles (all postings, or only new ones) and stores the matches.")
def recompute(ctx, *, profile_ids=None, job_ids=None, new_postings=False):
    from matching.matches import services

    if new_postings is True:
        summary = services.recompute_new_postings(
            user_id=ctx.job.owner_id, reporter=ctx.progress, check_cancelled=ctx.check_cancelled)
    else:
        summary = services.recompute_for_user(
            user_id=ctx.job.owner_id, profile_ids=_ids(profile_ids, "profile_ids"), job_ids=_ids(job_ids, "job_ids"),
            reporter=ctx.progress, check_cancelled=ctx.check_cancelled,
        )
        summary.pop("announced", None)  # already published as match.new
    profiles = summary["profiles"]
    ctx.progress(100, f"Done: {len(profiles)} profile{'s' if len(profiles) != 1 else ''}, "
                      f"{summary['new_above_threshold']} new strong match{'es' if summary['new_above_threshold'] != 1 else ''}")
    return summary
