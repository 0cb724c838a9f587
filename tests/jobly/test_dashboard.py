import pytest

from jobly.dashboard import CARDS, register_card
from tests.factories import BackgroundJobFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_empty_states_for_a_new_user(logged_in_client):
    page = logged_in_client.get("/").content.decode()
    assert "No profile yet" in page
    assert "Nothing has run yet" in page


def test_dashboard_lists_only_the_users_own_profiles_and_jobs(logged_in_client, user, other_user):
    ProfileFactory(owner=user, name="Backend search")
    ProfileFactory(owner=other_user, name="Someone elses profile")
    BackgroundJobFactory(owner=other_user, type="diagnostic.warmup", message="their private message")
    page = logged_in_client.get("/").content.decode()
    assert "Backend search" in page
    assert "Someone elses profile" not in page
    assert "their private message" not in page


def test_a_card_that_returns_nothing_is_left_out(logged_in_client, monkeypatch):
    monkeypatch.setitem(CARDS, "nothing", CARDS["profiles"].__class__(name="nothing", build=lambda request: None, order=1))
    page = logged_in_client.get("/").content.decode()
    assert 'data-card="nothing"' not in page
    assert 'data-card="profiles"' in page


def test_registered_cards_render_in_order(logged_in_client, monkeypatch):
    monkeypatch.setattr("jobly.dashboard.CARDS", dict(CARDS))
    register_card("first", lambda request: {"template": "jobly/cards/_profiles.html", "context": {"profiles": []}}, order=0)
    page = logged_in_client.get("/").content.decode()
    assert page.index('data-card="first"') < page.index('data-card="background-jobs"')
