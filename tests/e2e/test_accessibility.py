"""axe-core on the main pages, with the demo's real data, in light and dark: no serious or critical
violation. Each page's screenshot is kept under var/test-artifacts/accessibility-<scheme>/."""

import pytest
from django.conf import settings
from django.core.management import call_command

from jobly.models import Profile
from matching.models import Match
from tests.e2e.accessibility import problems, screenshot
from tests.e2e.browser import STEP_TIMEOUT_MS
from tracking.models import Application

pytestmark = pytest.mark.slow

ANALYTICS_LOADED = "Number(document.querySelector('[data-analytics]')?.dataset.loaded || 0) >= 1"
BOARD_READY = "document.querySelector('[data-board]')?.dataset.ready === 'true'"


def main_pages():
    profile = Profile.objects.get(owner__username=settings.DEMO_USERNAME)
    match = Match.objects.filter(profile=profile).order_by("-score").first()
    application = Application.objects.filter(owner=profile.owner).order_by("-match_score").first()
    return [
        ("dashboard", "/", None),
        ("profiles", "/profiles/", None),
        ("profile", f"/profiles/{profile.pk}/", None),
        ("feeds", "/feeds/", None),
        ("jobs", "/jobs/", None),
        ("job", f"/jobs/{match.job_id}/", None),
        ("matches", "/matches/", None),
        ("match", f"/matches/{match.pk}/", None),
        ("applications-board", "/applications/", BOARD_READY),
        ("applications-table", "/applications/table/", None),
        ("application", f"/applications/{application.pk}/", None),
        ("analytics", "/applications/analytics/", ANALYTICS_LOADED),
        ("background-jobs", "/background-jobs/", None),
        ("account-settings", "/settings/account/", None),
        ("api-tokens", "/settings/tokens/", None),
    ]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_accessibility_violations(demo, live_web, chromium, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    found = []
    try:
        for name, path in (("login", "/accounts/login/"), ("signup", "/accounts/signup/")):
            page.goto(f"{live_web.url}{path}")
            found.append(problems(page, name))
        page.goto(f"{live_web.url}/accounts/login/")
        page.fill("#id_username", settings.DEMO_USERNAME)
        page.fill("#id_password", settings.DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_web.url}/")
        for name, path, ready in main_pages():
            response = page.goto(f"{live_web.url}{path}")
            assert response.status == 200, path
            if ready:
                page.wait_for_function(ready)
            screenshot(page, f"accessibility-{scheme}", name)
            found.append(problems(page, name))
    finally:
        context.close()
    found = [entry for entry in found if entry]
    assert not found, "serious or critical accessibility violations:\n" + "\n".join(found)
