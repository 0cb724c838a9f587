"""A person signs up, lands on the dashboard, creates an API token, and logs out."""

import pytest
from django.contrib.auth import get_user_model


def test_sign_up_create_token_and_log_out(transactional_db, live_web, page):
    page.goto(f"{live_web.url}/accounts/signup/")
    page.fill("#id_username", "browser-person")
    page.fill("#id_password1", "a-very-long-passphrase-77")
    page.fill("#id_password2", "a-very-long-passphrase-77")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_web.url}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert get_user_model().objects.filter(username="browser-person").exists()

    page.click("summary")
    page.click("text=API tokens")
    page.fill("#token-name", "laptop")
    page.click("text=Create token")
    key = page.locator("[data-new-token]").inner_text()
    assert key.startswith("jbl_")
    assert page.locator("table.data").inner_text().count("laptop") == 1

    page.click("summary")
    page.click("text=Log out")
    page.wait_for_url(f"{live_web.url}/accounts/login/")
    page.goto(f"{live_web.url}/")
    assert "/accounts/login/" in page.url


def test_login_shows_an_error_for_a_wrong_password(transactional_db, live_web, page, user):
    page.goto(f"{live_web.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "didn't match" in page.locator("[role=alert]").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_renders_in_light_and_dark(transactional_db, live_web, chromium, user, password, scheme, tmp_path):
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_web.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_web.url}/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    expected_dark = scheme == "dark"
    rgb = [int(part) for part in background[background.index("(") + 1 : background.index(")")].split(",")[:3]]
    assert (sum(rgb) < 200) is expected_dark
