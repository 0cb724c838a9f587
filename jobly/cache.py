"""Per-user read caches in Redis with versioned keys.

`cached(name, user_id, parts, compute)` returns what `compute()` returned for the same user, cache name and
parts, as long as nothing of that user's changed since: every entry's key holds the user's current version
for the cache, and `invalidate(name, user_id)` (called on any write the cached reads depend on) moves the
version on, so all earlier entries become unreachable at once and expire by their
timeout. A timeout also bounds how stale a time-dependent read ("this week") can be.

An entry may depend on several topics (`topics=[(topic, user_id), ...]`, default `[(name, user_id)]`): its
key holds every one's version, so a write to any of them retires it. A topic of everyone's data (all
users see the public postings) has the owner `SHARED` and is moved on by `invalidate_shared(topic)`.

A cache is never a source of truth: when Redis fails, the read is computed as if there were no cache.
Each lookup is counted as a hit or a miss (`jobly_cache_requests_total`, alert below 70 % hits).
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from jobly.metrics import record_cache

logger = logging.getLogger(__name__)
_MISSING = object()
SHARED = "all"


def _version_key(name, user_id):
    return f"cachever:{name}:{user_id}"


def _entry_key(name, user_id, versions, parts):
    digest = hashlib.sha256(repr((versions, parts)).encode()).hexdigest()[:32]
    return f"cache:{name}:{user_id}:{digest}"


@dataclass(frozen=True)
class Read:
    """One cached read for `cached_many`: the arguments `cached()` takes."""

    name: str
    user_id: object
    parts: tuple
    compute: Callable
    topics: list | None = None
    timeout: int | None = None


def user_read(name, user, parts, compute, **options):
    """A Read for a user object: the key also holds when the account was made, so two users who got the
    same id in different databases behind one Redis (a restored or re-created database) never share an entry."""
    return Read(name, user.pk, (user.date_joined.timestamp(), *parts), compute, **options)


def cached(name, user_id, parts, compute, *, topics=None, timeout=None):
    """`compute()`'s value for (name, user, parts), from the cache while none of its topics has changed.

    `timeout` (seconds) defaults to READ_CACHE_SECONDS; 0 or less computes every time.
    """
    return cached_many([Read(name, user_id, parts, compute, topics, timeout)])[0]


def cached_for_user(name, user, parts, compute, **options):
    """`cached()` for a user object (see `user_read`)."""
    return cached_many([user_read(name, user, parts, compute, **options)])[0]


def cached_many(reads):
    """The value of each Read, in order, as `cached()` gives it, with the lookups of all of them in two Redis
    round trips (every topic version, then every entry) and the misses stored in one write per timeout: a
    page of several cached parts (the dashboard's cards) pays two round trips, not two per part."""
    timeouts = [settings.READ_CACHE_SECONDS if read.timeout is None else read.timeout for read in reads]
    values = [_MISSING] * len(reads)
    keys = {}  # index of a cached read -> its entry key
    live = [i for i, timeout in enumerate(timeouts) if timeout > 0]
    if live:
        version_keys = {i: [_version_key(topic, owner) for topic, owner in (reads[i].topics or [(reads[i].name, reads[i].user_id)])]
                        for i in live}
        try:
            versions = cache.get_many(list(dict.fromkeys(k for i in live for k in version_keys[i])))
            keys = {i: _entry_key(reads[i].name, reads[i].user_id, [versions.get(k, 0) for k in version_keys[i]], reads[i].parts)
                    for i in live}
            found = cache.get_many(list(keys.values()))
        except Exception:  # Redis down or slow: the reads still work, uncached
            logger.warning("read cache %s unavailable", ", ".join(reads[i].name for i in live), exc_info=True)
            keys, found = {}, {}
        for i, key in keys.items():
            values[i] = found.get(key, _MISSING)
            record_cache(reads[i].name, hit=values[i] is not _MISSING)
    misses = {}
    for i, read in enumerate(reads):
        if values[i] is _MISSING:
            values[i] = read.compute()
            if i in keys:
                misses.setdefault(timeouts[i], {})[keys[i]] = values[i]
    for timeout, entries in misses.items():
        try:
            cache.set_many(entries, timeout)
        except Exception:
            logger.warning("read cache could not store %d entries", len(entries), exc_info=True)
    return values


def _bump(name, user_id):
    key = _version_key(name, user_id)
    try:
        try:
            cache.incr(key)
        except ValueError:  # no version yet: start one above the implicit 0
            if not cache.add(key, 1, None):
                cache.incr(key)
    except Exception:
        # The entries of the old version stay readable until their timeout: log it loudly, never fail the write.
        logger.error("read cache %s could not be invalidated for user %s", name, user_id, exc_info=True)


def invalidate(name, user_id):
    """Retire every entry of `user_id` in `name` (or that depends on the topic `name` of `user_id`): now, and
    again once the current transaction commits, so a read that ran in between (seeing the data before the
    commit) cannot stay cached either."""
    if user_id is None:
        return
    _bump(name, user_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(name, user_id))


def invalidate_shared(topic):
    """Retire every entry that depends on everyone's `topic` (e.g. the public postings)."""
    invalidate(topic, SHARED)
