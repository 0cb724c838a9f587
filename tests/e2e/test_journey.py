"""A new user's whole journey in the browser, once over the WebSocket and once with it blocked (the
pages must fall back to polling /api/events and still show every live update).

Each step is one function taking the Journey; STEPS is the order: sign up, add a webhook endpoint, import
a resume, fetch a feed, read a match, generate a packet, prepare an interview, track and move the
application, see the analytics follow, receive the webhooks, read the dashboard.
A screenshot of each step's page is kept under var/test-artifacts/journey-<transport>/.
"""

import io
import os
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from interviews.models import PracticeAnswer
from jobly.models import Profile
from matching.models import Feed, Match
from packets.models import Packet
from tests.data import DATA
from tests.e2e.accessibility import assert_accessible, screenshot
from tests.e2e.browser import STEP_TIMEOUT_MS
from tests.e2e.test_tracking import _drag
from tests.matching.feed_server import LocalServer
from tests.processes import free_port, wait_until
from tests.servers.webhook_receiver import WebhookReceiver
from tracking.models import Application

pytestmark = pytest.mark.slow

# The web and worker subprocesses copy this environment when the session starts them (after
# collection): the allowlist lets them reach the local feed server, on its port only.
FEED_PORT, RECEIVER_PORT = free_port(), free_port()
os.environ["OUTBOUND_ALLOWED_HOSTS"] = ",".join(filter(None, [os.environ.get("OUTBOUND_ALLOWED_HOSTS"), f"localhost:{FEED_PORT}",
                                                             f"127.0.0.1:{RECEIVER_PORT}"]))
FEED = DATA / "feeds" / "wwr-2022-11-remote-back-end-programming-jobs.rss"
RESUME = DATA / "candidates" / "riley-chen-backend.md"
PASSWORD = "a-long-journey-passphrase-19"
WEBSOCKET = re.compile(r".*/ws/events/.*")
# Remembers, across page loads, whether the activity panel ever said "live".
LIVE_SEEN = """
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector("[data-activity]");
  if (!panel) return;
  const note = () => { if (panel.dataset.connection === "live") sessionStorage.setItem("jobly-live-seen", "1"); };
  note();
  new MutationObserver(note).observe(panel, { attributes: true, attributeFilter: ["data-connection"] });
});
"""


@dataclass
class Journey:
    page: object
    base_url: str
    transport: str  # "websocket" or "polling"
    feed_url: str
    receiver: object
    username: str = ""
    state: dict = field(default_factory=dict)

    def url(self, path):
        return f"{self.base_url}{path}"

    def wait_for_connection(self, page=None):
        """The activity panel says how updates arrive: "live" over the socket, "polling" without it."""
        expected = "live" if self.transport == "websocket" else "polling"
        (page or self.page).wait_for_function(
            f"document.querySelector('[data-activity]')?.dataset.connection === '{expected}'", timeout=30_000)

    def user(self):
        return get_user_model().objects.get(username=self.username)


def sign_up(journey):
    page = journey.page
    journey.username = f"journey-{journey.transport}"
    page.goto(journey.url("/accounts/signup/"))
    page.fill("#id_username", journey.username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(journey.url("/"))
    start = page.locator(".start-here")
    assert "Import your resume" in start.inner_text() and "Add a feed" in start.inner_text()
    assert "No matches yet" in page.inner_text("[data-card=top-matches]")


def add_a_webhook_endpoint(journey):
    """Status changes go to the user's own receiver; its secret is shown once."""
    page = journey.page
    page.goto(journey.url("/settings/webhooks/"))
    assert "No webhook endpoints yet" in page.inner_text("main")
    page.fill("input[name=url]", journey.receiver.url())
    page.fill("input[name=description]", "My pipeline bot")
    page.check("input[name=event_types][value='application.status_change']")
    page.click("form[data-add-endpoint] button[type=submit]")
    secret = page.inner_text("[data-new-secret]").strip()
    assert secret.startswith("whsec_")
    journey.receiver.secrets = [secret]
    page.goto(journey.url("/"))


def import_resume_and_review_the_profile(journey):
    page = journey.page
    page.click(".start-here >> text=Import your resume")
    page.wait_for_url(journey.url("/profiles/"))
    page.fill("#new-profile-name", "Backend")
    page.click("text=Create profile")
    profile = Profile.objects.get(owner__username=journey.username)
    page.wait_for_url(journey.url(f"/profiles/{profile.pk}/"))
    page.click(f"a[href='/profiles/{profile.pk}/import/']")
    page.set_input_files("#resume-file", str(RESUME))
    page.click("text=Upload and import")
    page.wait_for_url(journey.url(f"/profiles/{profile.pk}/?upload=*"), timeout=60_000)
    assert "Review the import of riley-chen-backend.md" in page.locator("[data-review-banner]").inner_text()
    assert page.input_value("#f-full_name") == "Riley Chen"
    experience = page.locator("[data-list-editor=experience] fieldset.list-row").first
    assert experience.locator("input[data-key=company]").input_value() == "Harborline Logistics"
    page.click("[data-save-profile]")
    page.wait_for_url(journey.url(f"/profiles/{profile.pk}/"))
    assert "Profile saved." in page.locator(".flash").inner_text()
    profile.refresh_from_db()
    assert {"Python", "Django", "PostgreSQL", "Celery"} <= {skill["name"] for skill in profile.skills}
    journey.state["profile_id"] = profile.pk


def add_a_feed_and_fetch_it_with_live_progress(journey):
    page = journey.page
    page.goto(journey.url("/feeds/"))
    assert "No feeds yet" in page.inner_text("main")
    page.fill("input[name=url]", journey.feed_url)
    page.fill("input[name=title]", "WWR back-end")
    page.click("form[data-add-feed] button[type=submit]")
    page.wait_for_selector("[data-feed-row]")
    feed = Feed.objects.get(owner__username=journey.username)
    journey.wait_for_connection()
    page.click(f"[data-feed-row='{feed.pk}'] [data-fetch-now]")
    page.wait_for_selector("[data-activity-list] li[data-job-id], [data-toast=completed]")
    toast = page.wait_for_selector("[data-toast=completed]:has-text('feeds.ingest')", timeout=90_000)
    assert "feeds.ingest" in toast.inner_text()
    page.wait_for_function(
        f"document.querySelector(\"[data-feed-row='{feed.pk}'] [data-feed-health]\")?.textContent.trim() === 'ok'")
    assert int(page.inner_text(f"[data-feed-row='{feed.pk}'] [data-feed-jobs]")) == 59


def open_the_matches_and_a_score_breakdown(journey):
    page = journey.page
    page.goto(journey.url("/matches/"))
    if page.locator("[data-match-row]").count() == 0:  # the fetch's own matching may still be running
        journey.wait_for_connection()
        page.click("form[data-recompute] button[type=submit]")
        page.wait_for_selector("[data-toast=completed]:has-text('matches.recompute')", timeout=90_000)
    page.wait_for_selector("[data-match-row]", timeout=60_000)
    best = Match.objects.filter(profile_id=journey.state["profile_id"]).order_by("-score", "job_id").first()
    assert best.score >= 60, best.score  # a Python/Django candidate against back-end postings
    first = page.locator("[data-match-row]").first
    assert first.get_attribute("data-match-row") == str(best.pk)
    first.locator("a").first.click()
    page.wait_for_selector("[data-score-chart]")
    assert "Required skills" in page.inner_text("[data-breakdown]")
    journey.state["match_id"] = best.pk


def generate_a_packet_and_download_its_pdf(journey):
    """From the match page: a tailored CV and letter rendered on the worker, followed live, then downloaded."""
    page = journey.page
    match = Match.objects.select_related("job").get(pk=journey.state["match_id"])
    page.goto(journey.url(f"/matches/{match.pk}/"))
    journey.wait_for_connection()
    page.select_option("[data-packet-design]", "classic")
    page.click("[data-generate-packet-button]")
    page.wait_for_url(re.compile(r".*/packets/\d+/$"))
    page.wait_for_selector("[data-packet-preview]", timeout=90_000)  # the page reloads itself when the job ends
    assert page.get_attribute("[data-ats]", "data-ats") in ("passed", "failed")  # the check ran and is shown
    assert page.locator("[data-requirements]").count() == 1
    texts = {}
    for name in ("cv.pdf", "letter.pdf"):
        with page.expect_download() as download_info:
            page.click(f"[data-download='{name}']")
        reader = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
        texts[name] = ("\n".join(p.extract_text() for p in reader.pages), len(reader.pages))
    assert "Riley Chen" in texts["cv.pdf"][0] and texts["cv.pdf"][1] <= 2
    assert match.job.company in texts["letter.pdf"][0] and texts["letter.pdf"][1] == 1
    journey.state["packet_id"] = Packet.objects.get(owner__username=journey.username).pk


def prepare_for_the_interview_and_practise(journey):
    """From the job page: an interview prep for this posting, then one question practised and saved."""
    page = journey.page
    match = Match.objects.get(pk=journey.state["match_id"])
    page.goto(journey.url(f"/jobs/{match.job_id}/"))
    journey.wait_for_connection()
    page.click("[data-prepare-button]")
    page.wait_for_url(re.compile(r".*/interviews/\d+/$"))
    page.wait_for_selector("[data-practice-link]", timeout=90_000)
    assert page.locator("[data-section=technical] [data-question]").count() > 0
    page.click("[data-practice-link]")
    page.wait_for_selector("[data-practice-form][data-ready=true]")
    question = page.get_attribute("[data-practice-question]", "data-practice-question")
    page.fill("[data-notes]", "Start from the queue's guarantees, then the retry policy.")
    page.check("[data-rating] input[value='3']")
    page.click("[data-next]")
    page.wait_for_url("**/practice/?q=2")
    answer = PracticeAnswer.objects.get(prep__owner__username=journey.username, question_id=question)
    assert answer.rating == 3 and answer.notes.startswith("Start from the queue")
    page.goto(journey.url(f"/matches/{match.pk}/"))  # back where the application gets tracked


def track_the_application_and_move_it_across_the_board(journey):
    page = journey.page
    page.click("[data-track-button]")
    page.wait_for_url(re.compile(r".*/applications/\d+/$"))
    assert "it is on your board as saved" in page.locator(".flash").inner_text()
    application = Application.objects.get(owner__username=journey.username)
    assert application.status == "saved" and application.match_score
    journey.state["application_id"] = application.pk

    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(journey.url("/applications/"))
    page.wait_for_function("document.querySelector('[data-board]').dataset.ready === 'true'")
    journey.wait_for_connection()
    _drag(page, f"[data-card='{application.pk}']", "[data-cards='applied']")
    page.wait_for_selector(f"[data-cards='applied'] [data-card='{application.pk}'][data-status='applied']")
    application.refresh_from_db()
    assert application.status == "applied" and application.applied_at


def see_the_analytics_change(journey):
    """The analytics page follows a move made in another tab (over the socket, or by polling)."""
    page = journey.page
    page.goto(journey.url("/applications/analytics/"))
    page.wait_for_function("Number(document.querySelector('[data-analytics]').dataset.loaded || 0) >= 1")
    journey.wait_for_connection()
    counts = "JSON.parse(document.querySelector('[data-analytics]').dataset.pipeline)"
    assert page.evaluate(counts)["applied"] == 1 and page.evaluate(counts)["interviewing"] == 0

    other = page.context.new_page()
    other.set_default_timeout(STEP_TIMEOUT_MS)
    other.goto(journey.url(f"/applications/{journey.state['application_id']}/"))
    other.click("[data-status-moves] button[value=interviewing]")
    other.wait_for_load_state()
    other.close()
    page.wait_for_function(f"{counts}.interviewing === 1", timeout=30_000)
    assert page.evaluate(counts)["applied"] == 0


def receive_the_webhooks_at_the_local_receiver(journey):
    """Both moves (saved → applied on the board, applied → interviewing in the other tab) arrive signed."""
    def moves():
        return [journey.receiver.verify(request["body"], request["headers"]) for request in journey.receiver.received]

    wait_until(lambda: len(moves()) >= 2, timeout=90, interval=0.5, message="two status changes at the receiver")
    assert all(all(request["verified"].values()) for request in journey.receiver.received)
    payloads = moves()
    assert {payload["type"] for payload in payloads} == {"application.status_change"}
    assert [(payload["data"]["from"], payload["data"]["to"]) for payload in payloads] == [
        ("saved", "applied"), ("applied", "interviewing")]
    assert all(payload["data"]["application_id"] == journey.state["application_id"] for payload in payloads)


def the_dashboard_shows_the_day(journey):
    page = journey.page
    page.goto(journey.url("/"))
    assert page.locator(".start-here").count() == 0
    assert page.locator("[data-card=top-matches] .match-row").count() >= 1
    assert "Interviewing" in page.inner_text("[data-card=applications]")
    page.wait_for_selector("[data-weekly-chart]")
    assert_accessible(page, "dashboard after the journey")


STEPS = [
    sign_up,
    add_a_webhook_endpoint,
    import_resume_and_review_the_profile,
    add_a_feed_and_fetch_it_with_live_progress,
    open_the_matches_and_a_score_breakdown,
    generate_a_packet_and_download_its_pdf,
    prepare_for_the_interview_and_practise,
    track_the_application_and_move_it_across_the_board,
    see_the_analytics_change,
    receive_the_webhooks_at_the_local_receiver,
    the_dashboard_shows_the_day,
]


@pytest.fixture
def feed_server():
    server = LocalServer(port=FEED_PORT).start()
    server.add("/backend.rss", FEED.read_bytes())
    yield server
    server.stop()


@pytest.fixture
def receiver(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [*settings.OUTBOUND_ALLOWED_HOSTS, f"127.0.0.1:{RECEIVER_PORT}"]
    server = WebhookReceiver(port=RECEIVER_PORT).start()
    yield server
    server.stop()


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_new_users_journey(transactional_db, live_web, live_worker, chromium, feed_server, receiver, transport):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    if transport == "polling":
        # A proxy that refuses WebSockets: every connection to the event socket is closed at once.
        context.route_web_socket(WEBSOCKET, lambda socket: socket.close())
    context.add_init_script(LIVE_SEEN)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    journey = Journey(page=page, base_url=live_web.url, transport=transport, feed_url=feed_server.url("/backend.rss"),
                      receiver=receiver)
    try:
        for step in STEPS:
            step(journey)
            screenshot(page, f"journey-{transport}", f"{STEPS.index(step) + 1:02d}-{step.__name__}")
        live_seen = page.evaluate("sessionStorage.getItem('jobly-live-seen')") == "1"
        assert live_seen is (transport == "websocket")  # blocked: every update above came by polling
    finally:
        context.close()
