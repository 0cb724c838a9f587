"""Generated cross-owner tests: user A calls every id-taking route with user B's ids.

Every method, page or API, must answer 404 (or 405 where the method does not exist), leak none
of B's data, and leave B's row unchanged. The meta-test fails when a route has no case.
"""

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory
from tests.reliability.ownership_cases import CASES, EXCLUDED_PREFIXES, SHARED

ID_NAMES = {"pk", "id"}
METHODS = ("get", "post", "put", "patch", "delete")


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, child_namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def id_routes():
    routes = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith(EXCLUDED_PREFIXES):
            continue
        keys = set(pattern.pattern.regex.groupindex)
        if keys & ID_NAMES or any(key.endswith("_id") for key in keys):
            routes[name] = pattern
    return routes


def test_every_id_route_has_a_cross_owner_case():
    missing = sorted(set(id_routes()) - set(CASES) - set(SHARED))
    assert not missing, f"add cases to tests/reliability/ownership_cases.py for: {missing}"


def _reverse(name, kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", sorted(CASES))
@pytest.mark.parametrize("method", METHODS)
def test_another_users_object_is_404_for_every_method(client, route_name, method):
    user_a, user_b = UserFactory(), UserFactory()
    kwargs, instance = CASES[route_name](user_b)
    before = model_to_dict(instance)
    url = _reverse(route_name, kwargs)
    client.force_login(user_a)
    call = getattr(client, method)
    response = call(url, data={} if method == "get" else "{}", content_type=None if method == "get" else "application/json") if method != "get" else call(url)
    assert response.status_code in (404, 405), f"{method.upper()} {url} answered {response.status_code}"
    instance.refresh_from_db()
    assert model_to_dict(instance) == before, f"{method.upper()} {url} changed another user's object"
    body = response.content.decode(errors="replace")
    for field, value in before.items():
        if isinstance(value, str) and len(value) >= 8 and field not in {"type", "status", "queue"}:
            assert value not in body, f"{method.upper()} {url} leaked {field}"


@pytest.mark.django_db
def test_events_after_never_include_another_users_events(auth_client, user, other_user):
    from jobly.events import publish

    publish(other_user, "job.progress", {"secret": "theirs-only-0042"})
    mine = publish(user, "job.progress", {"n": 1})
    body = auth_client.get("/api/events?after=0").json()
    assert [event["id"] for event in body["events"]] == [mine.pk]
    assert "theirs-only-0042" not in str(body)
