"""A person changes their account settings and creates a token, then reads both, and their
sign-in, in the Security log; another person's entries are not there."""

from jobly import audit
from tests.factories import UserFactory


def test_security_log_shows_sign_in_settings_and_token_changes(transactional_db, live_web, page, login, user):
    stranger = UserFactory()
    audit.record("api_token.created", actor=stranger, detail={"name": "stranger-token"})
    login(user)
    page.click("summary")
    page.click("text=Account settings")
    page.fill("#id_email", "changed@example.org")
    page.fill("#id_first_name", "Browser")
    page.click("button:has-text('Save')")
    assert "Account settings saved." in page.locator(".flash").inner_text()

    page.click("summary")
    page.click("text=API tokens")
    page.fill("#token-name", "laptop")
    page.click("text=Create token")
    page.wait_for_selector("[data-new-token]")

    page.click("summary")
    page.click("text=Security log")
    table = page.locator("[data-security-log]")
    rows = table.locator("tbody tr")
    assert [rows.nth(n).get_attribute("data-audit-action") for n in range(rows.count())] == [
        "api_token.created", "account.settings_changed", "account.signed_in",
    ]
    text = table.inner_text()
    assert "API token created “laptop”" in text and "(email, first_name)" in text
    assert "127.0.0.1" in text and "stranger-token" not in text
