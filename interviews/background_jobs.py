"""Interviews' background job types: "interviews.generate" and "interviews.feedback" (thin: they call the services)."""

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


@job_handler("interviews.feedback", queue="io",
             description="Asks the language-model writer which strong-answer points a practice answer covers.")
def feedback(ctx, *, prep_id, question_id):
    from interviews.services.feedback import give_feedback

    if not isinstance(prep_id, int) or isinstance(prep_id, bool) or not isinstance(question_id, str):
        raise PermanentError("prep_id must be an id and question_id text.", code="invalid_params")
    summary = give_feedback(prep_id=prep_id, question_id=question_id, background_job_id=ctx.background_job.pk,
                            progress=ctx.progress)
    ctx.progress(100, f"Feedback ready: {summary['covered']} of {summary['points']} points covered")
    return summary
