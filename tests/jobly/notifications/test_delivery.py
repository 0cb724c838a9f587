"""Delivery against the real local receiver: signed bytes in the wire format, retries on the 60 s →
1,200 s schedule (the clock is advanced through `now=`, never slept), 410 and repeated failures turn
the endpoint off and tell the user, redirects are not followed, each attempt is logged, a second run
of the same task sends nothing, and another user's events never reach this user's endpoint."""

import json
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.events import publish
from jobly.models import DeliveryAttempt, EmailSend, Event, WebhookDelivery, WebhookEndpoint
from jobly.notifications import delivery as deliveries, subscriptions
from tests.factories import UserFactory, WebhookEndpointFactory
from tests.matching.feed_server import LocalServer
from tests.servers.webhook_receiver import Answer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_held")]


@pytest.fixture
def endpoint(user, allow_receiver):
    endpoint = WebhookEndpointFactory(owner=user, url=allow_receiver.url(), event_types=["match.new", "webhook.disabled"])
    allow_receiver.secrets = [endpoint.secret]
    return endpoint


def _event(user, data=None):
    event = publish(user, "match.new", data or {"count": 1, "matches": []})
    return event


def _delivery(event, endpoint):
    return WebhookDelivery.objects.get(event_id=event.pk, endpoint=endpoint)


def test_an_event_of_a_subscribed_type_is_delivered_signed_in_the_wire_format(user, endpoint, receiver):
    event = _event(user, {"count": 2, "matches": [{"title": "Engineer – Zürich"}]})
    delivery = _delivery(event, endpoint)
    outcome = deliveries.deliver(delivery.pk)
    assert outcome["succeeded"] and outcome["status_code"] == 200
    [request] = receiver.received
    assert request["verified"] == {endpoint.secret: True}
    assert request["headers"]["webhook-id"] == f"msg_evt_{event.pk}"
    assert json.loads(request["body"]) == json.loads(json.dumps(Event.objects.get(pk=event.pk).to_wire()))
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 1 and delivery.leased_until is None
    [attempt] = DeliveryAttempt.objects.filter(delivery=delivery)
    assert attempt.status_code == 200 and attempt.succeeded and attempt.response_excerpt == '{"ok": true}'


def test_types_not_subscribed_and_inactive_endpoints_get_no_delivery(user, endpoint):
    publish(user, "job.progress", {"progress": 5})
    WebhookEndpointFactory(owner=user, url=endpoint.url, event_types=["match.new"], is_active=False)
    event = _event(user)
    assert list(WebhookDelivery.objects.values_list("event_id", "endpoint_id")) == [(event.pk, endpoint.pk)]


def test_another_users_events_never_reach_this_users_endpoint(user, endpoint, receiver):
    other = UserFactory()
    publish(other, "match.new", {"count": 1, "secret_of_other": "theirs-0042"})
    assert deliveries.sweep(inline=True) == 0
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_the_fan_out_runs_once_per_event_and_endpoint_even_when_repeated(user, endpoint):
    event = _event(user)
    assert subscriptions.deliveries_for_event(event) == []  # the subscriber already made it
    assert WebhookDelivery.objects.filter(event_id=event.pk).count() == 1


def test_failures_retry_on_the_backoff_schedule_with_the_same_id_and_bytes(user, endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 8
    receiver.answer_with(*[Answer(status=500, body=b"oops")] * 7)
    receiver.default = Answer(status=204, body=b"")
    delivery = _delivery(_event(user), endpoint)
    now = timezone.now()
    delays = []
    for _ in range(8):
        assert deliveries.sweep(now=now, inline=True) == 1
        delivery.refresh_from_db()
        if delivery.status == "succeeded":
            break
        assert delivery.status == "failed"
        # Not due a second before its time, due at it.
        assert deliveries.sweep(now=delivery.next_attempt_at - timedelta(seconds=1), inline=True) == 0
        delays.append(round((delivery.next_attempt_at - now).total_seconds()))
        now = delivery.next_attempt_at
    assert delays == [60, 120, 240, 480, 960, 1200, 1200]
    assert delivery.status == "succeeded" and delivery.attempts == 8
    assert len(receiver.received) == 8 and len(receiver.unique_ids()) == 1
    assert len({request["body"] for request in receiver.received}) == 1
    assert all(request["verified"][endpoint.secret] is True for request in receiver.received)
    log = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("number", "status_code", "error_code"))
    assert log == [(n, 500, "http_500") for n in range(1, 8)] + [(8, 204, "")]
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0  # a success resets the count


def test_a_delivery_gives_up_after_the_last_attempt(user, endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.default = Answer(status=503)
    delivery = _delivery(_event(user), endpoint)
    deliveries.deliver(delivery.pk)
    deliveries.sweep(now=timezone.now() + timedelta(seconds=61), inline=True)
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.next_attempt_at is None and delivery.attempts == 2


def test_410_disables_the_endpoint_after_one_attempt_and_tells_the_user(user, endpoint, receiver, smtp_sink):
    receiver.default = Answer(status=410, body=b"gone")
    delivery = _delivery(_event(user), endpoint)
    deliveries.deliver(delivery.pk)
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason == "gone"
    assert delivery.status == "dead" and delivery.attempts == 1
    alert = Event.objects.get(owner=user, type="webhook.disabled")
    assert alert.data["endpoint_id"] == endpoint.pk and alert.data["reason"] == "gone"
    # The e-mail: the event's task, run here as the worker would.
    from jobly.notifications.email import sweep_emails
    from jobly.notifications.emails import email_for_event

    email_for_event(alert.pk)
    sweep_emails()
    [sent] = smtp_sink.messages
    assert sent["to"] == [user.email] and "turned off" in sent["message"]["Subject"]
    assert EmailSend.objects.get(user=user, kind="webhook_disabled").status == "sent"
    # Nothing more goes to a disabled endpoint, and its open deliveries give up.
    later = _event(user)
    assert not WebhookDelivery.objects.filter(event_id=later.pk).exists()


def test_too_many_failures_in_a_row_disable_the_endpoint(user, endpoint, receiver, settings):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    receiver.default = Answer(status=500)
    for _ in range(3):
        deliveries.deliver(_delivery(_event(user), endpoint).pk)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason == "too_many_failures"
    assert endpoint.consecutive_failures == 3
    pending = WebhookDelivery.objects.filter(endpoint=endpoint, status="failed")
    assert pending.count() == 3  # given up at their next turn
    deliveries.sweep(now=timezone.now() + timedelta(hours=1), inline=True)
    assert set(WebhookDelivery.objects.filter(endpoint=endpoint).values_list("status", flat=True)) == {"dead"}
    assert len(receiver.received) == 3


def test_a_redirect_to_a_private_address_is_not_followed(user, endpoint, receiver):
    canary = LocalServer().start()
    canary.add("*", b"internal")
    try:
        receiver.default = Answer(status=302, location=canary.url("/internal", host="127.0.0.1"))
        delivery = _delivery(_event(user), endpoint)
        outcome = deliveries.deliver(delivery.pk)
        assert not outcome["succeeded"] and outcome["status_code"] == 302
        assert outcome["error_code"] == "redirect_not_followed"
        assert canary.total_hits == 0
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.next_attempt_at is not None
    finally:
        canary.stop()


def test_a_private_url_not_allowlisted_is_refused_and_logged(user, receiver, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    endpoint = WebhookEndpointFactory(owner=user, url=receiver.url(), event_types=["match.new"])
    outcome = deliveries.deliver(_delivery(_event(user), endpoint).pk)
    assert outcome["error_code"] == "url_not_allowed" and receiver.received == []
    assert DeliveryAttempt.objects.get().error_code == "url_not_allowed"


def test_a_slow_receiver_times_out_and_a_huge_answer_is_cut_to_an_excerpt(user, endpoint, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.answer_with(Answer(delay=2), Answer(body=b"x" * 500_000))
    first = deliveries.deliver(_delivery(_event(user), endpoint).pk)
    assert first["error_code"] == "timeout" and not first["succeeded"]
    second = deliveries.deliver(_delivery(_event(user), endpoint).pk)
    assert second["succeeded"] and len(second["excerpt"]) == 1000


def test_the_same_task_run_twice_delivers_once(user, endpoint, receiver):
    delivery = _delivery(_event(user), endpoint)
    assert deliveries.deliver(delivery.pk) is not None
    assert deliveries.deliver(delivery.pk) is None
    assert len(receiver.received) == 1


def test_two_concurrent_runs_deliver_once(user, endpoint, receiver):
    receiver.default = Answer(delay=0.5)
    delivery = _delivery(_event(user), endpoint)
    results, barrier = [], threading.Barrier(4)

    def run():
        from django.db import connection

        barrier.wait()
        results.append(deliveries.deliver(delivery.pk))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(receiver.received) == 1
    assert sum(result is not None for result in results) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.status == "succeeded"


def test_an_expired_lease_is_taken_over_and_the_stale_attempt_records_nothing(user, endpoint, receiver, settings):
    delivery = _delivery(_event(user), endpoint)
    now = timezone.now()
    stale = deliveries.claim(delivery.pk, now)  # a worker that claimed, then died before sending
    assert stale == 1 and deliveries.sweep(now=now, inline=True) == 0  # its lease still holds
    later = now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS + 1)
    assert deliveries.sweep(now=later, inline=True) == 1
    deliveries.record_outcome(delivery, stale, {"status_code": 500, "duration_ms": 1, "excerpt": "", "error_code": "http_500",
                                                "error": "", "succeeded": False}, now)
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 2
    log = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("number", "error_code", "succeeded"))
    assert log == [(1, "worker_lost", False), (2, "", True)]
    assert len(receiver.received) == 1


def test_retention_deletes_old_delivery_logs(user, endpoint, settings):
    from jobly import retention

    delivery = _delivery(_event(user), endpoint)
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS = 30
    assert retention.apply_rule("webhook_deliveries", now=timezone.now() + timedelta(days=29)) == 0
    assert retention.apply_rule("webhook_deliveries", now=timezone.now() + timedelta(days=31)) == 1
    assert not WebhookDelivery.objects.filter(pk=delivery.pk).exists()
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
