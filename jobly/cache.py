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


def cached(name, user_id, parts, compute, *, topics=None, timeout=None):
    """`compute()`'s value for (name, user, parts), from the cache while none of its topics has changed.

    `timeout` (seconds) defaults to READ_CACHE_SECONDS; 0 or less computes every time.
    """
    timeout = settings.READ_CACHE_SECONDS if timeout is None else timeout
    if timeout <= 0:
        return compute()
    version_keys = [_version_key(topic, owner) for topic, owner in (topics or [(name, user_id)])]
    try:
        found = cache.get_many(version_keys)
        key = _entry_key(name, user_id, [found.get(k, 0) for k in version_keys], parts)
        value = cache.get(key, _MISSING)
    except Exception:  # Redis down or slow: the read still works, uncached
        logger.warning("read cache %s unavailable", name, exc_info=True)
        return compute()
    record_cache(name, hit=value is not _MISSING)
    if value is not _MISSING:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("read cache %s could not store an entry", name, exc_info=True)
    return value


def cached_for_user(name, user, parts, compute, **options):
    """`cached()` for a user object: the key also holds when the account was made, so two users who got the
    same id in different databases behind one Redis (a restored or re-created database) never share an entry."""
    return cached(name, user.pk, (user.date_joined.timestamp(), *parts), compute, **options)


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
