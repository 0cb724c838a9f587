"""Apps offer actions on another app's page through jobly.page_actions, rendered by the page_actions tag."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from jobly import page_actions


@pytest.fixture
def registered(tmp_path, settings):
    (tmp_path / "action.html").write_text('<a data-test-action="{{ slot }}-{{ pk }}">Act on {{ label }}</a>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    saved = dict(page_actions.ACTIONS)
    yield
    page_actions.ACTIONS.clear()
    page_actions.ACTIONS.update(saved)


def build(slot):
    def build_action(request, obj):
        if obj.get("hidden"):
            return None
        return {"template": "action.html", "context": {"slot": slot, "pk": obj["pk"], "label": obj["label"]}}
    return build_action


def test_registered_actions_render_in_order_and_only_for_their_slot(registered):
    page_actions.register_action("match", "second", build("match"), order=20)
    page_actions.register_action("match", "first", lambda request, obj: {"template": "action.html",
                                 "context": {"slot": "first", "pk": obj["pk"], "label": "x"}}, order=10)
    page_actions.register_action("job", "other", build("job"))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = Template('{% load page_actions %}{% page_actions "match" obj %}').render(
        Context({"request": request, "obj": {"pk": 7, "label": "<b>"}}))
    assert html.index('data-test-action="first-7"') < html.index('data-test-action="match-7"')
    assert "job-7" not in html
    assert "&lt;b&gt;" in html and "<b>" not in html  # partials are autoescaped


def test_an_action_may_decline_an_object(registered):
    page_actions.register_action("match", "maybe", build("match"))
    html = Template('{% load page_actions %}{% page_actions "match" obj %}').render(
        Context({"obj": {"pk": 1, "label": "x", "hidden": True}}))
    assert html == ""
