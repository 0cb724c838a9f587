"""jobly.cache keys: a user object's entries are told apart by when the account was made, not by its id alone."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from jobly.cache import cached_for_user, invalidate


def test_two_users_with_one_id_from_different_databases_never_share_an_entry():
    now = timezone.now()
    first = SimpleNamespace(pk=987_654, date_joined=now)
    same_id_elsewhere = SimpleNamespace(pk=987_654, date_joined=now - timedelta(days=3))
    invalidate("key-test", first.pk)  # a fresh version: nothing from an earlier run is read back
    assert cached_for_user("key-test", first, ("p",), lambda: "first's", timeout=60) == "first's"
    assert cached_for_user("key-test", first, ("p",), lambda: "recomputed", timeout=60) == "first's"
    assert cached_for_user("key-test", same_id_elsewhere, ("p",), lambda: "the other's", timeout=60) == "the other's"
