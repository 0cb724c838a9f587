"""The board in the browser: drag a card from applied to interviewing; the move is saved, the
timeline and analytics follow, and a second browser context of the same user sees the card move
without a reload (the `application.status_change` event over the one WebSocket)."""

from django.utils import timezone

from tests.e2e.browser import STEP_TIMEOUT_MS
from tests.factories import ApplicationFactory
from tracking.models import Application

LIVE = "document.querySelector('[data-activity]').dataset.connection === 'live'"


def _logged_in_page(chromium, live_web, user, password):
    context = chromium.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(f"{live_web.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_web.url}/")
    return context, page


def _drag(page, source, target):
    """SortableJS in fallback mode follows mouse events: press, move in steps, release."""
    start, end = page.locator(source).bounding_box(), page.locator(target).bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] - 8)  # below the title link
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 20, start["y"] + 30, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=25)
    page.mouse.up()


def test_dragging_a_card_saves_the_move_and_other_tabs_follow_live(transactional_db, live_web, chromium, user, password):
    now = timezone.now()
    card = ApplicationFactory(owner=user, status="applied", applied_at=now, status_changed_at=now,
                              title="Platform Engineer", company="Acme")
    ApplicationFactory(owner=user, status="saved", title="Some other posting")
    mover_context, mover = _logged_in_page(chromium, live_web, user, password)
    watcher_context, watcher = _logged_in_page(chromium, live_web, user, password)
    try:
        for page in (mover, watcher):
            page.goto(f"{live_web.url}/applications/")
            page.wait_for_function("document.querySelector('[data-board]').dataset.ready === 'true'")
            page.wait_for_function(LIVE)
        analytics = watcher_context.new_page()
        analytics.set_default_timeout(STEP_TIMEOUT_MS)
        analytics.goto(f"{live_web.url}/applications/analytics/")
        analytics.wait_for_function("Number(document.querySelector('[data-analytics]').dataset.loaded || 0) >= 1")
        analytics.wait_for_function(LIVE)
        assert analytics.evaluate("JSON.parse(document.querySelector('[data-analytics]').dataset.pipeline).interviewing") == 0
        watcher.evaluate("window.__notReloaded = true")

        _drag(mover, f"[data-card='{card.pk}']", "[data-cards='interviewing']")

        mover.wait_for_selector(f"[data-cards='interviewing'] [data-card='{card.pk}'][data-status='interviewing']")
        mover.wait_for_selector("[data-recent-activity] [data-status-change]:has-text('applied → interviewing')")
        mover.wait_for_function("document.querySelector('[data-pipeline-count=interviewing]').textContent.trim() === '1'")
        card.refresh_from_db()
        assert card.status == "interviewing" and card.reached_interview_at is not None

        watcher.wait_for_selector(f"[data-cards='interviewing'] [data-card='{card.pk}']")
        assert watcher.evaluate("window.__notReloaded") is True, "the second tab reloaded"
        assert watcher.locator(f"[data-cards='applied'] [data-card='{card.pk}']").count() == 0
        analytics.wait_for_function(
            "JSON.parse(document.querySelector('[data-analytics]').dataset.pipeline || '{}').interviewing === 1")
        assert "interview rate" in analytics.inner_text("[data-overview]").lower()

        mover.click(f"[data-card='{card.pk}'] a")
        mover.wait_for_selector("[data-timeline] [data-status-change]")
        assert "applied → interviewing" in mover.inner_text("[data-timeline]")
    finally:
        mover_context.close()
        watcher_context.close()


def test_a_move_the_pipeline_refuses_is_not_dropped(transactional_db, live_web, chromium, user, password):
    card = ApplicationFactory(owner=user, status="interviewing", title="Data Engineer")
    context, page = _logged_in_page(chromium, live_web, user, password)
    try:
        page.goto(f"{live_web.url}/applications/")
        page.wait_for_function("document.querySelector('[data-board]').dataset.ready === 'true'")
        _drag(page, f"[data-card='{card.pk}']", "[data-cards='screening']")
        page.wait_for_function("!document.querySelector('.sortable-chosen, .sortable-fallback')")  # the drop is over
        assert page.locator(f"[data-cards='interviewing'] [data-card='{card.pk}']").count() == 1
        assert Application.objects.get(pk=card.pk).status == "interviewing"
    finally:
        context.close()
