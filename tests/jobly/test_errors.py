"""Every 4xx and 5xx under /api/ leaves in one body: {"error": {code, message, details}, "request_id"}."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.jobly.urls_with_failures")]


def assert_error_body(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "request_id"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_400_carries_field_details(auth_client):
    response = auth_client.post("/api/test/validate", {"score": 101}, format="json")
    body = assert_error_body(response, 400, "invalid")
    assert "score" in body["error"]["details"]


def test_400_for_malformed_json(auth_client):
    response = auth_client.generic("POST", "/api/test/validate", "{not json", content_type="application/json")
    assert_error_body(response, 400, "malformed_request")


def test_401_without_credentials_names_the_scheme(api_client):
    response = api_client.get("/api/background-jobs")
    assert_error_body(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_403_for_session_post_without_csrf(client, user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    response = csrf_client.post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert_error_body(response, 403, "permission_denied")


def test_404_for_unknown_api_path(auth_client):
    assert_error_body(auth_client.get("/api/no-such-thing"), 404, "not_found")


def test_404_for_unknown_object(auth_client):
    assert_error_body(auth_client.get("/api/background-jobs/999999"), 404, "not_found")


def test_405_for_wrong_method(auth_client):
    assert_error_body(auth_client.delete("/api/events"), 405, "method_not_allowed")


def test_500_hides_the_stack_trace(auth_client, caplog):
    response = auth_client.get("/api/test/boom")
    body = assert_error_body(response, 500, "server_error")
    assert "hunter2" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["error"]["details"] == {}


def test_unhandled_page_error_outside_api_is_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
