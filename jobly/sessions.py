"""Database sessions that refuse malformed session keys before they reach a query.

Django's keys are 32 lowercase letters and digits; a cookie carrying anything else (a NUL byte
makes PostgreSQL raise) is treated as no session instead of failing the request.
"""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

WELL_FORMED_KEY = re.compile(r"^[a-z0-9]{8,40}$")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and WELL_FORMED_KEY.match(key) is not None
