"""On real Celery workers: the same delivery task sent twice posts once, and a worker killed (SIGKILL)
while its request is in flight loses nothing: the sweeper re-sends the same message (same webhook-id,
same bytes) after the lease, and the delivery ends succeeded once, with the lost attempt in its log."""

import pytest
from django.utils import timezone

from jobly.events import publish
from jobly.models import DeliveryAttempt, WebhookDelivery
from jobly.notifications import delivery as deliveries
from jobly.notifications.tasks import deliver_webhook_task
from tests import processes
from tests.factories import WebhookEndpointFactory
from tests.servers.webhook_receiver import Answer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.slow]
LEASE = 6


def _worker(process_logs, receiver, name):
    worker = processes.start_worker(process_logs, name=name, queues="io", OUTBOUND_ALLOWED_HOSTS=receiver.host_port,
                                    WEBHOOK_LEASE_SECONDS=LEASE, WEBHOOK_TIMEOUT_SECONDS=3)
    processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message=f"{name} ping")
    return worker


@pytest.fixture
def io_queue_to_ourselves():
    """The session's live worker (started by another test of this process) also consumes "io", without the
    receiver allowlisted: it stops consuming it for the test, so only this test's workers take deliveries."""
    from jobly.celery import app

    others = list((app.control.inspect(timeout=1.0).active_queues() or {}).items())
    others = [name for name, queues in others if any(queue["name"] == "io" for queue in queues)]
    if others:
        app.control.cancel_consumer("io", destination=others, reply=True, timeout=5)
    yield
    if others:
        app.control.add_consumer("io", destination=others, reply=True, timeout=5)


@pytest.fixture
def delivery(user, receiver, settings, io_queue_to_ourselves):
    settings.OUTBOUND_ALLOWED_HOSTS = [receiver.host_port]
    endpoint = WebhookEndpointFactory(owner=user, url=receiver.url(), event_types=["match.new"])
    receiver.secrets = [endpoint.secret]
    event = publish(user, "match.new", {"count": 1, "matches": []})  # its task waits in Redis for a worker
    return WebhookDelivery.objects.get(event_id=event.pk)


def _finished(delivery):
    delivery.refresh_from_db()
    return delivery.status == "succeeded"


def test_the_same_delivery_task_sent_twice_posts_once(delivery, receiver, process_logs):
    receiver.default = Answer(delay=0.5)
    for _ in range(3):
        deliver_webhook_task.apply_async(args=[delivery.pk], queue="io")
    worker = _worker(process_logs, receiver, "dupworker")
    try:
        processes.wait_until(lambda: _finished(delivery), timeout=60, message="delivery to succeed")
        processes.wait_until(lambda: worker_idle(worker), timeout=30, message="the duplicate messages to be consumed")
    finally:
        worker.stop()
    assert len(receiver.received) == 1
    assert receiver.received[0]["verified"][delivery.endpoint.secret] is True
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def worker_idle(worker):
    from jobly.celery import app

    active = app.control.inspect(timeout=1.0).active() or {}
    mine = [tasks for name, tasks in active.items() if name.startswith(worker.hostname_prefix)]
    return mine and not any(mine)


def test_a_worker_killed_mid_delivery_is_redelivered_once_by_the_sweeper(delivery, receiver, process_logs):
    receiver.answer_with(Answer(delay=60))  # the first request hangs until the worker is gone
    first = _worker(process_logs, receiver, "killedworker")
    try:
        processes.wait_until(receiver.arrived.is_set, timeout=60, message="the first request to arrive")
        first.kill()  # SIGKILL the whole worker (main process and pool children) mid-request
        first.proc.wait(timeout=15)
    finally:
        first.stop()
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.leased_until is not None

    second = _worker(process_logs, receiver, "rescueworker")
    try:
        # The lease still holds: the sweeper leaves it. After it runs out, the sweeper sends it again.
        assert deliveries.sweep() == 0 or delivery.leased_until <= timezone.now()
        processes.wait_until(lambda: deliveries.sweep() > 0, timeout=LEASE * 4, message="the lease to run out")
        processes.wait_until(lambda: _finished(delivery), timeout=60, message="the re-sent delivery to succeed")
    finally:
        second.stop()
    assert len(receiver.received) == 2
    assert len(receiver.unique_ids()) == 1  # a receiver that dedupes on webhook-id acts once
    assert receiver.received[0]["body"] == receiver.received[1]["body"]
    assert all(request["verified"][delivery.endpoint.secret] is True for request in receiver.received)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    log = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("number", "error_code", "succeeded"))
    assert log == [(1, "worker_lost", False), (2, "", True)]
