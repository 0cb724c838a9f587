"""Loaded with `-p tests.xdist_env` before Django's settings: under pytest-xdist each worker gets its own Redis
database (the broker queues, channel layer, cache and rate limits), as pytest-django gives each its own
PostgreSQL test database. Worker gwN uses the configured database number + N."""

import os
from urllib.parse import urlsplit, urlunsplit

worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if worker.startswith("gw") and os.environ.get("REDIS_URL"):
    parts = urlsplit(os.environ["REDIS_URL"])
    base = int(parts.path.strip("/") or 0)
    os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{base + int(worker[2:])}"))
