"""Per-user limit on new background jobs: one atomic Redis counter per user per minute window.

INCR is atomic across processes and machines, unlike a cache read-modify-write (DRF#8127).
"""

import time

from django.conf import settings

from jobly.errors import RateLimited
from jobly.redis import redis_client

WINDOW_SECONDS = 60


def check_job_rate_limit(user_id, *, limit=None, now=None):
    """Count one new job for the user; raise RateLimited (with Retry-After) past the limit."""
    limit = limit or settings.JOB_RATE_LIMIT_PER_MINUTE
    now = now or time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"jobly:ratelimit:jobs:{user_id}:{window}"
    pipe = redis_client().pipeline(transaction=True)
    pipe.incr(key)
    pipe.expire(key, WINDOW_SECONDS * 2)
    count, _ = pipe.execute()
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise RateLimited(
            f"At most {limit} new background jobs a minute; try again in {retry_after} s.",
            retry_after=retry_after,
            details={"limit": limit, "retry_after": retry_after},
        )
