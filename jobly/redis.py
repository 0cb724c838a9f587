"""The Redis client for Jobly's own keys (rate-limit counters), one connection pool per process.

Celery (broker) and Channels (channel layer) keep their own connections; everything else that
talks to Redis goes through here. Keys start with `jobly:`.
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


def one_off_client(*, timeout):
    """A separate client with its own short timeouts (readiness checks); close it after use."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
