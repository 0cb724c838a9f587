"""The activity panel: start the warm-up from the dashboard, watch its progress bar move and see
the completion toast, all without a page load (live WebSocket events from a real worker)."""

from jobly.models import BackgroundJob

WATCH_PROGRESS = """() => {
  window.__joblyPageId = Math.random();
  window.__progressSeen = [];
  const list = document.querySelector("[data-activity-list]");
  new MutationObserver(() => {
    for (const row of list.querySelectorAll("li[data-job-id]")) {
      const value = Number(row.dataset.progress || 0);
      if (window.__progressSeen.at(-1) !== value) window.__progressSeen.push(value);
    }
  }).observe(list, { subtree: true, childList: true, attributes: true });
  return window.__joblyPageId;
}"""


def test_warmup_progress_and_completion_toast_arrive_live(transactional_db, live_web, live_worker, login, user):
    page = login(user)
    page.wait_for_function("document.querySelector('[data-activity]').dataset.connection === 'live'")
    page_id = page.evaluate(WATCH_PROGRESS)

    page.click("[data-start-warmup]")
    page.wait_for_selector("[data-activity-list] li[data-job-id] progress")
    completed = page.wait_for_selector("[data-toast=completed]", timeout=60_000)

    assert "diagnostic.warmup" in completed.inner_text() and "finished" in completed.inner_text()
    assert page.evaluate("window.__joblyPageId") == page_id, "the page was reloaded"
    seen = page.evaluate("window.__progressSeen")
    moving = [value for value in seen if 0 < value < 100]
    assert len(set(moving)) >= 2 and moving == sorted(moving), f"progress bar values seen: {seen}"
    job = BackgroundJob.objects.get(owner=user)
    assert job.status == BackgroundJob.Status.SUCCEEDED
    # The finished job left the activity panel.
    assert page.locator(f"[data-activity-list] li[data-job-id='{job.pk}']").count() == 0


def test_cancel_from_the_activity_panel(transactional_db, live_web, live_worker, login, user):
    page = login(user)
    page.wait_for_function("document.querySelector('[data-activity]').dataset.connection === 'live'")
    page.click("[data-start-warmup]")
    row = page.wait_for_selector("[data-activity-list] li[data-job-id]")
    page.wait_for_function("Number(document.querySelector('[data-activity-list] li[data-job-id]').dataset.progress || 0) > 0")
    row.query_selector("[data-cancel]").click()
    toast = page.wait_for_selector("[data-toast=cancelled]", timeout=30_000)
    assert "cancelled" in toast.inner_text()
    assert BackgroundJob.objects.get(owner=user).status == BackgroundJob.Status.CANCELLED


def test_background_jobs_page_shows_a_new_job_and_its_end_live(transactional_db, live_web, live_worker, login, user):
    page = login(user)
    page.goto(f"{live_web.url}/background-jobs/")
    assert page.locator("[data-jobs-empty]").is_visible()
    page.wait_for_function("document.querySelector('[data-activity]').dataset.connection === 'live'")
    page.click("[data-start-warmup]")
    job_row = page.wait_for_selector("[data-job-row] [data-job-status]")
    page.wait_for_function("document.querySelector('[data-job-row] [data-job-status]').textContent === 'succeeded'", timeout=60_000)
    assert job_row.inner_text() == "succeeded"
    assert page.locator("[data-jobs-empty]").count() == 0
    assert page.url.endswith("/background-jobs/")
