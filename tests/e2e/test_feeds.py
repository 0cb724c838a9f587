"""Add a feed in the browser, fetch it on a real worker, watch the progress, find a posting by search,
and open a posting whose description carried script (no dialog may fire)."""

import os

import pytest

from matching.models import Feed, Job
from tests.matching.feed_server import LocalServer
from tests.matching.feeds import WWR_FEEDS, read
from tests.processes import free_port

# The web and worker subprocesses copy this environment when the session starts them (after
# collection): the operator allowlist lets them reach the local feed server, on its port only.
FEED_PORT = free_port()
os.environ["OUTBOUND_ALLOWED_HOSTS"] = f"localhost:{FEED_PORT}"

HOSTILE_ITEM = (
    b"<item><title>Evil Corp: Script Tester</title><link>https://example.com/evil</link>"
    b"<description>&lt;p&gt;Hello&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    b"&lt;svg onload=alert(3)&gt;&lt;/svg&gt;</description></item>"
)


@pytest.fixture
def feed_server():
    server = LocalServer(port=FEED_PORT).start()
    body = read(WWR_FEEDS[0]).replace(b"</channel>", HOSTILE_ITEM + b"</channel>")
    server.add("/programming.rss", body)
    yield server
    server.stop()


def test_add_a_feed_fetch_it_and_find_a_posting(transactional_db, live_web, live_worker, login, user, feed_server):
    dialogs = []
    page = login(user)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_web.url}/feeds/")
    assert "No feeds yet" in page.inner_text("main")
    page.fill("input[name=url]", feed_server.url("/programming.rss"))
    page.fill("input[name=title]", "WWR programming")
    page.click("form[data-add-feed] button[type=submit]")
    page.wait_for_selector("[data-feed-row]")
    feed = Feed.objects.get(owner=user)

    page.wait_for_function("document.querySelector('[data-activity]').dataset.connection === 'live'")
    page.click(f"[data-feed-row='{feed.pk}'] [data-fetch-now]")
    # Progress shows in the activity panel, then the completion toast (a short fetch may skip the panel).
    page.wait_for_selector("[data-activity-list] li[data-job-id], [data-toast=completed]")
    toast = page.wait_for_selector("[data-toast=completed]", timeout=60_000)
    assert "feeds.ingest" in toast.inner_text()
    # The feeds table refreshes itself when the fetch finishes: health and postings count.
    page.wait_for_function(
        f"document.querySelector(\"[data-feed-row='{feed.pk}'] [data-feed-health]\")?.textContent.trim() === 'ok'"
    )
    assert page.inner_text(f"[data-feed-row='{feed.pk}'] [data-feed-jobs]") == "26"

    page.goto(f"{live_web.url}/jobs/")
    page.fill("input[name=q]", "rails")
    page.click("form.job-filters button[type=submit]")
    page.wait_for_url("**/jobs/?q=rails*")
    page.wait_for_selector("[data-jobs-table]")
    rows = page.inner_text("[data-jobs-table] tbody")
    assert "Senior Ruby on Rails Engineer" in rows and "Fleetio" in rows
    assert "Web Developer (Drupal or Wordpress)" not in rows

    evil = Job.objects.get(company="Evil Corp")
    page.goto(f"{live_web.url}/jobs/{evil.pk}/")
    assert "Hello" in page.inner_text(".description")
    page.wait_for_load_state("load")  # an injected onerror/onload would have fired by now
    assert dialogs == []
    assert page.locator(".description script, .description svg, .description [onerror]").count() == 0
