"""Schemathesis against /api/schema/: zero 5xx, zero schema violations, every 4xx in our error format.

Runs authenticated as user A (API token) with user B's objects present. Examples per operation:
JOBLY_FUZZ_EXAMPLES (default 100, as RELIABILITY.md row 28 asks).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings
from schemathesis import DataGenerationMethod
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from jobly.tokens import create_token
from tests.factories import BackgroundJobFactory, EventFactory, ProfileFactory, UserFactory

EXAMPLES = int(os.environ.get("JOBLY_FUZZ_EXAMPLES", "100"))
# Operations that start real background work are fuzzed for validation only; a 202 is fine.


@pytest.fixture
def api_schema(db, settings):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # Calling the WSGI app directly: keep the test's transaction open as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.JOB_RATE_LIMIT_PER_MINUTE = 10_000
    from jobly.wsgi import application

    return schemathesis.from_wsgi("/api/schema/", application, data_generation_methods=DataGenerationMethod.all())


@pytest.fixture
def fuzz_users(db):
    user_a, user_b = UserFactory(), UserFactory()
    for owner in (user_a, user_b):
        ProfileFactory(owner=owner)
        BackgroundJobFactory(owner=owner)
        EventFactory(owner=owner)
    create_token(user=user_b, name="theirs")
    _, key = create_token(user=user_a, name="fuzz")
    return {"a": user_a, "b": user_b, "key": key}


schema = schemathesis.from_pytest_fixture("api_schema")


def error_format(response, case):
    """Every 4xx/5xx under /api/ carries the standard error body and a request id."""
    if response.status_code < 400:
        return None
    body = response.json() if callable(response.json) else response.json
    assert set(body) == {"error", "request_id"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert response.headers.get("X-Request-ID"), "missing X-Request-ID"
    return None


# One test for every operation (each a subtest): the limit covers all of them together (about 60 operations
# since tracking's endpoints; several minutes on a busy 2-core machine), not the suite's 300 s per test.
@pytest.mark.timeout(1200)
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_operations_never_fail_the_server_and_follow_the_schema(case, fuzz_users):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {fuzz_users['key']}"}
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        return  # a negative case whose multipart body is not an object: werkzeug's client cannot encode it
    response = case.call_wsgi()
    case.validate_response(
        response,
        checks=(not_a_server_error, status_code_conformance, response_schema_conformance, error_format),
    )
