"""One Beat at a time: django-celery-beat's DatabaseScheduler behind an exclusive lock.

Two Beat processes send every periodic task twice (celery/celery#2856, django-celery-beat#337;
RELIABILITY row 10). This scheduler sends nothing until it holds a PostgreSQL session-level
advisory lock (a lock file under VAR_DIR on SQLite); a second Beat waits on stand-by and takes
over when the holder dies, because the database drops a dead session's locks.
"""

import fcntl
import hashlib
import time

from celery.utils.log import get_logger
from django.conf import settings
from django.db import DatabaseError, connections
from django_celery_beat.schedulers import DatabaseScheduler

logger = get_logger("jobly.beat")

# A fixed 64-bit key, derived from a name so it documents itself in pg_locks (objid pair).
ADVISORY_LOCK_KEY = int.from_bytes(hashlib.sha256(b"jobly.beat").digest()[:8], "big", signed=True)
LOCK_FILE_NAME = "beat.lock"


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock on a connection of its own.

    Django's connections are closed and reopened by `close_old_connections()` (which the
    DatabaseScheduler calls on every sync), and closing a session releases its locks, so the lock
    lives on a separate connection that only this class touches.
    """

    def __init__(self, alias="default"):
        self.alias = alias
        self.wrapper = None

    def describe(self):
        return f"PostgreSQL advisory lock {ADVISORY_LOCK_KEY}"

    def acquire(self):
        try:
            if self.wrapper is None:
                self.wrapper = connections.create_connection(self.alias)
            with self.wrapper.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
                return bool(cursor.fetchone()[0])
        except DatabaseError:
            self._drop()
            raise

    def still_held(self):
        """The lock lasts as long as its session: a live session still holds it."""
        try:
            with self.wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except DatabaseError:
            self._drop()
            return False

    def release(self):
        if self.wrapper is None:
            return
        try:
            with self.wrapper.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        except DatabaseError:
            pass  # the session is gone, and its lock with it
        self._drop()

    def _drop(self):
        if self.wrapper is not None:
            try:
                self.wrapper.close()
            except DatabaseError:
                pass
        self.wrapper = None


class FileLock:
    """An exclusive flock on VAR_DIR/beat.lock, for the SQLite set-up of `make run` (one machine)."""

    def __init__(self, path=None):
        self.path = path or settings.VAR_DIR / LOCK_FILE_NAME
        self.file = None

    def describe(self):
        return f"lock file {self.path}"

    def acquire(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.file = handle
        return True

    def still_held(self):
        return self.file is not None

    def release(self):
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


def lock_for_database(alias="default"):
    if connections[alias].vendor == "postgresql":
        return AdvisoryLock(alias)
    return FileLock()


class LockedDatabaseScheduler(DatabaseScheduler):
    """DatabaseScheduler that reads and sends the schedule only while it holds the Beat lock.

    Without the lock, `tick()` sends nothing, logs one stand-by line and retries every
    BEAT_LOCK_RETRY_SECONDS. On getting it, the schedule is read afresh from the database, so a
    Beat taking over starts from the last runs its predecessor saved: an interval task overdue by
    then runs once and resumes its interval (never a burst of missed runs). While holding it, the
    lock's session is checked at the same period; a lost session (PostgreSQL restart) puts this
    Beat back on stand-by before it sends anything more.
    """

    def __init__(self, *args, **kwargs):
        self._lock = lock_for_database()
        self._holding = False
        self._waiting_logged = False
        self._last_check = 0.0
        self._closed = False
        super().__init__(*args, **kwargs)

    @property
    def retry_seconds(self):
        return float(getattr(settings, "BEAT_LOCK_RETRY_SECONDS", 10.0))

    def setup_schedule(self):
        # Called from __init__: installing default entries writes to the schedule tables, which a
        # stand-by Beat must not do; it happens in _take_over() instead.
        if self._holding:
            super().setup_schedule()

    def tick(self, *args, **kwargs):
        if self._closed:
            # close() ran from beat's SIGTERM handler, whose SystemExit a send in progress can
            # swallow (seen with redis-py); stop here rather than take the lock again.
            raise SystemExit()
        if not self._holding:
            if not self._try_take_over():
                return self.retry_seconds
        elif time.monotonic() - self._last_check >= self.retry_seconds:
            self._last_check = time.monotonic()
            if not self._lock.still_held():
                logger.error("beat: lost the %s (database connection gone); standing by", self._lock.describe())
                self._stand_down()
                return self.retry_seconds
        return super().tick(*args, **kwargs)

    def _try_take_over(self):
        try:
            acquired = self._lock.acquire()
        except DatabaseError as error:
            acquired = False
            reason = f"database unavailable ({error.__class__.__name__})"
        else:
            reason = "another Beat holds it"
        if not acquired:
            if not self._waiting_logged:
                logger.warning(
                    "beat: standing by, %s: could not take the %s; retrying every %ss",
                    reason, self._lock.describe(), self.retry_seconds,
                )
                self._waiting_logged = True
            return False
        self._holding = True
        self._waiting_logged = False
        self._last_check = time.monotonic()
        logger.info("beat: acquired the %s; this Beat now sends periodic tasks", self._lock.describe())
        # Start from the database's view of the schedule (last runs saved by a previous holder).
        self._initial_read = True
        self._schedule = None
        self._heap = None
        self.old_schedulers = None
        self._dirty.clear()
        super().setup_schedule()
        return True

    def reserve(self, entry):
        new_entry = super().reserve(entry)
        # Save the run at once, before it is sent, rather than every 3 minutes (Celery's default): a
        # Beat that takes over, or this one after a restart, then continues the interval instead of
        # re-running what ran since the last save. Saved after the send, a holder killed between the
        # two left the new holder to send the same run again (seen: two pings 0.56 s apart).
        self.sync()
        return new_entry

    def _stand_down(self):
        self._holding = False
        self._dirty.clear()  # last runs are the new holder's to write now
        self._lock.release()

    def sync(self):
        if self._holding:
            super().sync()

    def close(self):
        self._closed = True
        try:
            super().close()
        finally:
            if self._holding:
                self._holding = False
                self._lock.release()
                logger.info("beat: released the %s", self._lock.describe())
