"""Background job types of profiles: resume import (parsing runs on the "render" queue)."""

from jobly.background import job_handler


@job_handler("profiles.import_resume", queue="render", description="Parse an uploaded resume into a draft profile.")
def import_resume(ctx, *, upload_id):
    from jobly.profiles.services import run_resume_import

    def progress(percent, message):
        ctx.check_cancelled()
        ctx.progress(percent, message)

    progress(5, "Reading the upload")
    return run_resume_import(upload_id=upload_id, progress=progress)
