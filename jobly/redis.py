"""The Redis client for Jobly's own keys (rate-limit counters), one connection pool per process.

Celery (broker) and Channels (channel layer) keep their own connections; everything else that
talks to Redis goes through here. Keys start with `jobly:`. Django's cache shares one pool per process
too (`SharedConnectionPool`, named in settings.CACHES).
"""

import threading

import redis
from django.conf import settings

_lock = threading.Lock()
_client = None


def redis_client():
    """The process's shared client, created on first use (thread-safe; a pool behind it)."""
    global _client
    with _lock:
        if _client is None:
            _client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return _client


class SharedConnectionPool(redis.ConnectionPool):
    """One pool per process for each URL and options, for Django's Redis cache.

    Django keeps a cache object, and so a client with its own pool, per thread and async context, and
    under ASGI every request runs on a new thread: each request opened a new TCP connection to Redis and
    dropped it (a sixth of a cached page's time under load, measured with py-spy in bench_serving). The
    pool is thread-safe, and redis-py resets it in a forked child.
    """

    _shared = {}
    _shared_lock = threading.Lock()

    @classmethod
    def from_url(cls, url, **kwargs):
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._shared_lock:
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = super().from_url(url, **kwargs)
            return pool


def one_off_client(*, timeout):
    """A separate client with its own short timeouts (readiness checks); close it after use."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
