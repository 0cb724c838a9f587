import json
import logging

import pytest

from jobly.logs import JsonFormatter, RedactSecretsFilter, RequestIdFilter


def test_well_formed_request_id_is_echoed(client):
    response = client.get("/health", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert response["X-Request-ID"] == "abc-123-def-456"


@pytest.mark.parametrize("supplied", ["", "short", "bad id with spaces", "x" * 300, "<script>alert(1)</script>"])
def test_malformed_request_id_is_replaced(client, supplied):
    response = client.get("/health", HTTP_X_REQUEST_ID=supplied)
    assert response["X-Request-ID"] != supplied
    assert len(response["X-Request-ID"]) == 32


def test_every_response_has_a_request_id_even_404(client, db):
    assert client.get("/nowhere").has_header("X-Request-ID")


def _json_lines(caplog_records):
    formatter = JsonFormatter()
    lines = []
    for record in caplog_records:
        RequestIdFilter().filter(record)
        RedactSecretsFilter().filter(record)
        lines.append(json.loads(formatter.format(record)))
    return lines


def test_access_log_is_one_json_line_per_request(client, user, caplog):
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="jobly.access"):
        client.get("/health", HTTP_X_REQUEST_ID="req-0000-1111")
    lines = [line for line in _json_lines(caplog.records) if line["logger"] == "jobly.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/health" and line["status"] == 200
    assert line["request_id"] == "req-0000-1111"
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)


def test_log_lines_inside_a_request_carry_its_request_id(client, db, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/nowhere", HTTP_X_REQUEST_ID="trace-me-12345")
    access = [r for r in caplog.records if r.name == "jobly.access"]
    assert access and all(getattr(r, "request_id", None) == "trace-me-12345" for r in access)


def test_redaction_removes_secret_values_and_credentials(monkeypatch):
    monkeypatch.setenv("LLM_API_KEY", "canary-llm-key-0042")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "calling with %s and redis://u:pw1234@h/0 Authorization: Bearer abc.def", ("canary-llm-key-0042",), None)
    RedactSecretsFilter().filter(record)
    message = record.getMessage()
    assert "canary-llm-key-0042" not in message
    assert "pw1234" not in message
    assert "abc.def" not in message


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["abc\x00def12345", "../../etc/passwd", "x" * 300, "UPPERCASE0123456789"])
def test_a_malformed_session_cookie_is_no_session_not_a_500(client, cookie):
    # Found by the schema fuzzer: a NUL in the session key made PostgreSQL raise on every request.
    client.cookies["sessionid"] = cookie
    assert client.get("/api/background-jobs").status_code == 401
    assert client.get("/").status_code == 302
