"""Add a webhook endpoint pointing at the local receiver, see its secret once, send a test event from
the page, and watch the delivery succeed in the log; the receiver verifies it with standardwebhooks."""

import os

import pytest

from jobly.models import WebhookEndpoint
from tests.processes import free_port, wait_until
from tests.servers.webhook_receiver import WebhookReceiver

# The web and worker subprocesses copy this environment when the session starts them (after collection):
# the operator allowlist opens the receiver's port only. Appended, so other modules' entries stay.
RECEIVER_PORT = free_port()
os.environ["OUTBOUND_ALLOWED_HOSTS"] = ",".join(
    part for part in (os.environ.get("OUTBOUND_ALLOWED_HOSTS", ""), f"127.0.0.1:{RECEIVER_PORT}") if part)


@pytest.fixture
def receiver():
    server = WebhookReceiver(port=RECEIVER_PORT).start()
    yield server
    server.stop()


def test_create_an_endpoint_send_a_test_event_and_see_it_delivered(transactional_db, live_web, live_worker, login, user,
                                                                    receiver, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{RECEIVER_PORT}"]  # this process checks the URL at submit
    page = login(user)
    page.goto(f"{live_web.url}/settings/webhooks/")
    assert "No webhook endpoints yet" in page.inner_text("main")
    page.fill("input[name=url]", receiver.url())
    page.fill("input[name=description]", "My receiver")
    page.check("input[name=event_types][value='match.new']")
    page.click("form[data-add-endpoint] button[type=submit]")
    secret = page.inner_text("[data-new-secret]").strip()
    endpoint = WebhookEndpoint.objects.get(owner=user)
    assert secret == endpoint.secret and secret.startswith("whsec_")
    receiver.secrets = [secret]

    page.goto(f"{live_web.url}/settings/webhooks/")  # shown once: not on the next visit
    assert page.locator("[data-new-secret]").count() == 0 and secret not in page.content()
    page.click(f"[data-endpoint-row='{endpoint.pk}'] a")
    page.wait_for_url(f"**/settings/webhooks/{endpoint.pk}/")
    assert page.locator("[data-no-deliveries]").count() == 1
    page.click("[data-send-test]")
    page.wait_for_selector("[data-delivery-row]")

    def delivered():
        page.click("[data-refresh-log]")
        page.wait_for_selector("[data-delivery-row]")
        return page.get_attribute("[data-delivery-row]", "data-delivery-status") == "succeeded"

    wait_until(delivered, timeout=60, interval=1, message="the test delivery to succeed")
    assert "HTTP 200" in page.inner_text("[data-delivery-log]")
    [request] = receiver.received
    assert request["verified"] == {secret: True}
    assert receiver.verify(request["body"], request["headers"])["type"] == "webhook.test"
