"""Writer status: the probe, `GET /api/writer` (authenticated, never the key) and the settings page."""

import pytest

from jobly.writers.status import public_base_url, writer_status


@pytest.fixture
def openai_settings(settings, llm_server):
    settings.WRITER, settings.LLM_BASE_URL, settings.LLM_MODEL = "openai", llm_server.url, "test-model"
    settings.LLM_API_KEY = "canary-status-key-0042"
    return settings


def test_embedded_status_needs_no_server(settings):
    settings.WRITER = "embedded"
    status = writer_status()
    assert status["writer"] == "embedded" and status["answers"] is True and not status["uses_model"]


def test_openai_status_probes_the_server_and_reports_latency(openai_settings, llm_server):
    status = writer_status(refresh=True)
    assert status["writer"] == "openai" and status["model"] == "test-model" and status["answers"] is True
    assert status["latency_ms"] is not None and status["error"] == ""
    assert [r.path for r in llm_server.requests] == ["/v1/models"]
    writer_status()  # served from the short cache
    assert len(llm_server.requests) == 1


def test_openai_status_reports_a_server_that_does_not_answer(openai_settings, llm_server):
    llm_server.models_status = 503
    status = writer_status(refresh=True)
    assert status["answers"] is False and status["error"] == "llm_unavailable"


def test_base_url_is_shown_without_credentials():
    assert public_base_url("https://user:pw@llm.example.com:8443/v1?key=abc#x") == "https://llm.example.com:8443/v1"


def test_api_writer_requires_login(api_client, db):
    response = api_client.get("/api/writer")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"error", "request_id"}


def test_api_writer_shows_the_status_but_never_the_key(auth_client, openai_settings):
    response = auth_client.get("/api/writer?refresh=true")
    assert response.status_code == 200
    body = response.json()
    assert body["writer"] == "openai" and body["answers"] is True and body["base_url"].endswith("/v1")
    assert "canary-status-key-0042" not in response.content.decode()


def test_settings_page_shows_the_writer(logged_in_client, openai_settings):
    response = logged_in_client.get("/settings/writer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "OpenAI-compatible server" in page and "test-model" in page and "canary-status-key-0042" not in page


def test_settings_page_requires_login(client, db):
    assert client.get("/settings/writer/").status_code == 302
