"""Django's Redis cache shares one connection pool per process (jobly.redis.SharedConnectionPool): Django
keeps a cache object per thread, and under ASGI each request runs on a new thread."""

import threading

from django.core.cache import caches

from jobly.redis import SharedConnectionPool


def _in_a_new_thread(function):
    result = []
    thread = threading.Thread(target=lambda: result.append(function()))
    thread.start()
    thread.join()
    return result[0]


def test_requests_on_new_threads_reuse_one_pool_and_its_connection():
    def one_request():
        cache = caches["default"]
        cache.set("pool-test", "v", 5)
        assert cache.get("pool-test") == "v"
        return cache, cache._cache._get_connection_pool(write=True)

    shared = caches["default"]._cache._get_connection_pool(write=True)
    before = shared._created_connections
    results = [_in_a_new_thread(one_request) for _ in range(4)]
    caches_seen = {id(cache) for cache, _ in results}
    pools = {id(pool) for _, pool in results}
    assert len(caches_seen) == 4  # a cache object per thread, as Django makes them
    assert len(pools) == 1 and isinstance(results[0][1], SharedConnectionPool)
    assert results[0][1] is shared
    assert shared._created_connections - before <= 1  # one TCP connection served the four, one after another


def test_different_urls_or_options_get_their_own_pool():
    first = SharedConnectionPool.from_url("redis://127.0.0.1:6379/14", socket_timeout=2)
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/14", socket_timeout=2) is first
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/15", socket_timeout=2) is not first
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/14", socket_timeout=3) is not first
