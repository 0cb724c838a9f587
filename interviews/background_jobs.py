"""Interviews' background job type: "interviews.generate" (thin: it calls the service)."""

from jobly.background import job_handler
from jobly.errors import PermanentError


@job_handler("interviews.generate", queue="default",
             description="Plans an interview prep: technical and behavioural questions, gaps, questions to ask, a study plan.")
def generate(ctx, *, prep_id):
    from interviews.services.generate import generate_prep

    if not isinstance(prep_id, int) or isinstance(prep_id, bool):
        raise PermanentError("prep_id must be an id.", code="invalid_params")
    summary = generate_prep(prep_id=prep_id, background_job_id=ctx.background_job.pk, progress=ctx.progress,
                            check_cancelled=ctx.check_cancelled)
    ctx.progress(100, f"Ready: {summary['technical']} technical and {summary['behavioural']} behavioural questions, "
                      f"{summary['study_days']}-day study plan")
    return summary
