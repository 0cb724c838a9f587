"""Matches in the browser: open the page, press Recompute, watch the job on a real worker, see ranked rows."""

import os
import tempfile

from jobly.models import BackgroundJob
from matching.models import Match
from tests.matching.matches_helpers import NURSE_POSTING, make_job, make_profile

# The worker subprocess copies this environment when the session starts it: its own index directory.
os.environ.setdefault("MATCH_INDEX_DIR", tempfile.mkdtemp(prefix="jobly-e2e-matching-"))


def test_recompute_from_the_matches_page_shows_ranked_rows(transactional_db, live_web, live_worker, login, user):
    backend = make_job(title="Senior Backend Engineer", company="Acme")
    nurse = make_job(title="Night Nurse", company="Hospital", description=NURSE_POSTING, remote_type="onsite")
    profile = make_profile(user, is_default=True)

    page = login(user)
    page.goto(f"{live_web.url}/matches/")
    assert page.locator("[data-empty=no-matches]").count() == 1
    assert "Text matching" in page.inner_text("[data-match-mode]")
    page.wait_for_function("document.querySelector('[data-activity]').dataset.connection === 'live'")

    page.click("form[data-recompute] button[type=submit]")
    toast = page.wait_for_selector("[data-toast=completed]", timeout=60_000)
    assert "matches.recompute" in toast.inner_text()
    page.wait_for_selector("[data-match-row]")

    rows = page.locator("[data-match-row]")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-match-row") == str(Match.objects.get(profile=profile, job=backend).pk)
    assert rows.nth(1).get_attribute("data-match-row") == str(Match.objects.get(profile=profile, job=nurse).pk)
    first_score, second_score = (float(rows.nth(i).locator("[data-score]").inner_text()) for i in range(2))
    assert first_score > second_score
    assert BackgroundJob.objects.get(owner=user, type="matches.recompute").status == "succeeded"

    rows.nth(0).locator("a").click()
    page.wait_for_selector("[data-score-chart]")
    assert "Required skills" in page.inner_text("[data-breakdown]")
