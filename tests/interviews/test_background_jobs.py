"""The "interviews.generate" job on the real Celery worker: queued → running → succeeded with the prep
ready and announced; a cancelled generation leaves the prep cancelled. Deadlines are liveness limits."""

import pytest

from interviews.models import InterviewPrep
from interviews.services.generate import start_generation
from jobly import background
from jobly.errors import Conflict
from jobly.models import BackgroundJob, Event
from tests import processes

pytestmark = [pytest.mark.integration]


def _wait_final(job_id, timeout=90):
    def final():
        job = BackgroundJob.objects.get(pk=job_id)
        return job if job.is_final else None

    return processes.wait_until(final, timeout=timeout, message=f"background job {job_id} to finish")


def test_the_worker_generates_the_prep_and_announces_it(transactional_db, live_worker, db_profile, posting_job):
    prep, job, created = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    assert created
    job = _wait_final(job.pk)
    assert job.status == "succeeded", job.error
    assert job.worker.startswith("sessionworker@") and job.result["prep_id"] == prep.pk
    prep.refresh_from_db()
    assert prep.status == "ready" and prep.content["technical"] and prep.content["study_plan"]["days"]
    events = list(Event.objects.filter(owner=db_profile.owner).order_by("id"))
    types = [event.type for event in events]
    assert "interview_prep.ready" in types and types.count("job.completed") == 1
    assert types.index("interview_prep.ready") < types.index("job.completed")
    ready = next(event for event in events if event.type == "interview_prep.ready")
    assert ready.data == {**ready.data, "prep_id": prep.pk, "job_id": posting_job.pk, "background_job_id": job.pk}
    progress = [e.data["progress"] for e in events if e.type == "job.progress" and e.data.get("job_id") == job.pk]
    assert progress and progress == sorted(progress) and progress[-1] == 100


def test_a_generation_cancelled_while_queued_leaves_the_prep_cancelled(transactional_db, live_worker, db_profile,
                                                                      posting_job):
    prep, job, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    try:
        background.request_cancel(user=db_profile.owner, job_id=job.pk)
    except Conflict:  # the worker had already finished it: the cancel is refused, as the API's 409 says
        pass
    job = _wait_final(job.pk)
    prep.refresh_from_db()
    if job.status == "succeeded":  # the worker finished it before the cancel arrived: then the prep is whole
        assert prep.status == "ready" and prep.content["technical"]
        return
    assert job.status == "cancelled"
    # The prep follows the job.cancelled event, whose subscribers run after the job's transition commits.
    processes.wait_until(lambda: InterviewPrep.objects.get(pk=prep.pk).status not in InterviewPrep.ACTIVE, timeout=15,
                         message="the prep to leave its active state")
    prep.refresh_from_db()
    assert prep.status == "cancelled" and prep.content == {}
