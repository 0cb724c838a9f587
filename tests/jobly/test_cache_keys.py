"""jobly.cache keys: a user object's entries are told apart by when the account was made, not by its id alone;
several reads looked up together cost two Redis round trips and keep each read's own topics."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from django.core.cache import cache

from jobly.cache import Read, cached, cached_for_user, cached_many, invalidate


def test_two_users_with_one_id_from_different_databases_never_share_an_entry():
    now = timezone.now()
    first = SimpleNamespace(pk=987_654, date_joined=now)
    same_id_elsewhere = SimpleNamespace(pk=987_654, date_joined=now - timedelta(days=3))
    invalidate("key-test", first.pk)  # a fresh version: nothing from an earlier run is read back
    assert cached_for_user("key-test", first, ("p",), lambda: "first's", timeout=60) == "first's"
    assert cached_for_user("key-test", first, ("p",), lambda: "recomputed", timeout=60) == "first's"
    assert cached_for_user("key-test", same_id_elsewhere, ("p",), lambda: "the other's", timeout=60) == "the other's"


def _calls(monkeypatch):
    """Count the cache's Redis commands, each still sent (a spy, not a stand-in)."""
    calls = []
    for name in ("get", "get_many", "set", "set_many"):
        real = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda *args, _real=real, _name=name, **kwargs: calls.append(_name) or _real(*args, **kwargs))
    return calls


def test_reads_looked_up_together_take_two_round_trips_and_keep_their_own_topics(monkeypatch):
    for topic in ("many-a", "many-b", "many-c"):
        invalidate(topic, 4242)
    computed = []

    def reads():
        return [Read(f"many-{n}", 4242, ("p",), lambda n=n: computed.append(n) or f"value {n}",
                     topics=[(f"many-{topic}", 4242)], timeout=60)
                for n, topic in ((1, "a"), (2, "a"), (3, "b"), (4, "c"))] + [
            Read("many-off", 4242, (), lambda: computed.append("off") or "never cached", timeout=0)]

    calls = _calls(monkeypatch)
    assert cached_many(reads()) == ["value 1", "value 2", "value 3", "value 4", "never cached"]
    assert computed == [1, 2, 3, 4, "off"] and calls == ["get_many", "get_many", "set_many"]
    computed.clear(), calls.clear()
    assert cached_many(reads())[:4] == ["value 1", "value 2", "value 3", "value 4"]
    assert computed == ["off"] and calls == ["get_many", "get_many"]  # all hits: nothing stored
    computed.clear()
    invalidate("many-a", 4242)  # retires the reads that depend on topic a, and only those
    cached_many(reads())
    assert computed == [1, 2, "off"]


def test_reads_together_give_what_one_at_a_time_gives_and_compute_when_redis_fails(monkeypatch):
    invalidate("many-one", 4343)
    assert cached_many([Read("many-one", 4343, ("x",), lambda: {"rows": [1, 2]}, timeout=60)]) == [{"rows": [1, 2]}]
    assert cached("many-one", 4343, ("x",), lambda: "recomputed", timeout=60) == {"rows": [1, 2]}

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set_many", down)
    assert cached_many([Read("many-one", 4343, ("x",), lambda: "computed", timeout=60)]) == ["computed"]
