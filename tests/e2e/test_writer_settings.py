"""A person opens Writer in the account menu and sees which writer drafts their documents and that its
server answers; the API key is never on the page. The web process talks to a real local
OpenAI-compatible server."""

from tests import processes
from tests.servers.openai_server import OpenAIServer


def test_writer_settings_show_the_model_server_and_its_health(transactional_db, process_logs, page, user, password):
    with OpenAIServer() as llm:
        web = processes.start_web(process_logs, WRITER="openai", LLM_BASE_URL=llm.url, LLM_MODEL="test-model",
                                  LLM_API_KEY="canary-browser-key-0042")
        try:
            page.goto(f"{web.url}/accounts/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{web.url}/")
            page.click("summary")
            page.click("text=Writer")
            page.wait_for_url(f"{web.url}/settings/writer/")
            section = page.locator("[data-writer-status]")
            assert "OpenAI-compatible server" in section.locator("[data-writer-name]").inner_text()
            assert "test-model" in section.inner_text()
            assert section.locator("[data-writer-answers]").inner_text().startswith("yes, in ")
            probes = len(llm.requests)
            llm.models_status = 503
            page.click("text=Check the server again")
            assert "llm_unavailable" in page.locator("[data-writer-answers]").inner_text()
            assert len(llm.requests) == probes + 1 and llm.requests[-1].path == "/v1/models"
            assert "canary-browser-key-0042" not in page.content()
            assert llm.requests[-1].headers["Authorization"] == "Bearer canary-browser-key-0042"
        finally:
            web.stop()
