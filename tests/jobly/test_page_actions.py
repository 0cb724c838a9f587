"""Page actions: an app adds a button to another app's page; the page's app imports neither."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from jobly import page_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(page_actions, "ACTIONS", {})
    return page_actions


def _render(request, **objects):
    template = Template('{% load page_actions %}[{% page_actions "demo-page" thing=thing %}]')
    return template.render(Context({"request": request, **objects}))


def test_actions_render_in_order_and_may_decline(registry, user):
    registry.register_page_action("demo-page", "second", lambda request, thing=None: {
        "template": "tracking/_track_button.html", "context": {"job": thing, "application": None}}, order=20)
    registry.register_page_action("demo-page", "silent", lambda request, **objects: None, order=10)
    registry.register_page_action("other-page", "elsewhere", lambda request, **objects: 1 / 0)
    request = RequestFactory().get("/")
    request.user = user

    class Thing:
        pk = 41

    html = _render(request, thing=Thing())
    assert html.count("<form") == 1 and 'name="job" value="41"' in html


def test_registering_twice_keeps_one(registry):
    build = lambda request, **objects: None  # noqa: E731
    registry.register_page_action("demo-page", "one", build)
    registry.register_page_action("demo-page", "one", build)
    assert len(registry.ACTIONS["demo-page"]) == 1


def test_without_a_request_nothing_renders(registry):
    registry.register_page_action("demo-page", "one", lambda request, **objects: 1 / 0)
    assert _render(None, thing=None) == "[]"
