"""The core's own background job types: the diagnostic, kept for operators to test the pipeline end to end.

(Profiles' resume import is in jobly/profiles/background_jobs.py.)

`diagnostic.warmup` walks through short steps with progress. Its failure switches (not exposed by
the API or pages; for operators and the reliability tests) exercise each error path:
`fail_with="bad_input"` (fails at once), `"transient"` (fails the first `fail_attempts` attempts, then
succeeds) and `"crash_worker"` (SIGKILLs its own pool process, like an out-of-memory kill).
"""

import os
import signal
import time

from jobly.background import job_handler
from jobly.errors import PermanentError, TransientError


@job_handler("diagnostic.warmup", queue="default", description="Walks through N short steps, reporting progress.")
def warm_up(ctx, *, steps=5, step_seconds=0.5, fail_with=None, fail_attempts=0):
    """Walk through `steps` short steps; optionally fail, to exercise error handling and retries."""
    if not isinstance(steps, int) or not 1 <= steps <= 1000:
        raise PermanentError("steps must be a whole number from 1 to 1000.", code="invalid_params")
    if not isinstance(step_seconds, (int, float)) or not 0 <= step_seconds <= 30:
        raise PermanentError("step_seconds must be between 0 and 30.", code="invalid_params")
    if fail_with == "bad_input":
        raise PermanentError("The diagnostic was asked to fail with bad input.", code="diagnostic_bad_input")
    if fail_with == "crash_worker":
        ctx.progress(10, "About to kill this worker process")
        os.kill(os.getpid(), signal.SIGKILL)
    if fail_with == "transient" and ctx.background_job.attempts <= int(fail_attempts):
        raise TransientError("The diagnostic was asked to fail temporarily.", code="diagnostic_transient")
    for step in range(steps):
        ctx.check_cancelled()
        time.sleep(step_seconds)
        ctx.progress(100 * (step + 1) // steps, f"Step {step + 1} of {steps}")
    return {"steps": steps, "attempts": ctx.background_job.attempts}
