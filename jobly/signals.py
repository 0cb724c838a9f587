"""Infrastructure signal handlers only (Celery process lifecycle); domain flows are explicit calls."""

import logging

from celery.exceptions import TimeLimitExceeded
from celery.signals import task_failure, worker_process_init

from jobly.fanout import reset_after_fork

logger = logging.getLogger("jobly.background")


@worker_process_init.connect
def _fresh_fanout_in_pool_child(**kwargs):
    reset_after_fork()


@task_failure.connect
def _record_hard_time_limit(sender=None, exception=None, args=None, **kwargs):
    """A hard time limit kills the pool process, so the runner cannot record it: do it here.

    (The soft limit is caught by the runner itself and recorded as `time_limit` too.)
    """
    if not isinstance(exception, TimeLimitExceeded) or getattr(sender, "name", "") != "jobly.run_background_job" or not args:
        return
    from jobly import background

    error = {"code": "time_limit", "message": "The job ran longer than its hard time limit and was stopped."}
    try:
        background.transition(
            int(args[0]), to=background.Status.FAILED, expect={background.Status.RUNNING}, error=error,
            message="Failed: time limit",
        )
    except Exception:  # the reaper still ends the job (worker_lost) if this cannot
        logger.exception("could not record the hard time limit of background job %s", args[0])
