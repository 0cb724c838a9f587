"""EventConsumer in-process (Channels' WebsocketCommunicator): replay, de-duplication, ordering, frames.

The real-server tests (origin, session cookie, two users) are in tests/integration/test_websocket.py.
"""

import pytest
from asgiref.sync import async_to_sync
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from jobly.consumers import CLOSE_BAD_FRAME, CLOSE_UNAUTHENTICATED
from jobly.models import Event
from jobly.routing import websocket_urlpatterns
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(websocket_urlpatterns)


def communicator(user, after=None):
    path = "/ws/events/" + (f"?after={after}" if after is not None else "")
    socket = WebsocketCommunicator(application, path)
    socket.scope["user"] = user
    return socket


def wire(event_id, type="job.progress"):
    return {"id": event_id, "type": type, "created_at": "2026-01-01T00:00:00+00:00", "data": {}}


def test_replay_then_live_sends_each_event_once_even_out_of_order():
    user = UserFactory()
    anchor, first, second = (EventFactory(owner=user) for _ in range(3))

    @async_to_sync
    async def scenario():
        socket = communicator(user, after=anchor.pk)
        connected, _ = await socket.connect()
        assert connected
        received = [await socket.receive_json_from(timeout=5) for _ in range(2)]
        # Live deliveries, as the channel layer hands them to the consumer.
        await socket.send_input({"type": "event.message", "event": wire(second.pk)})  # duplicate of replay
        await socket.send_input({"type": "event.message", "event": wire(second.pk + 10)})
        await socket.send_input({"type": "event.message", "event": wire(second.pk + 5)})  # overtaken, still new
        await socket.send_input({"type": "event.message", "event": wire(anchor.pk)})  # client already had it
        received += [await socket.receive_json_from(timeout=5) for _ in range(2)]
        assert await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()
        return [event["id"] for event in received]

    assert scenario() == [first.pk, second.pk, second.pk + 10, second.pk + 5]


def test_anonymous_is_closed_before_accept():
    from django.contrib.auth.models import AnonymousUser

    @async_to_sync
    async def scenario():
        socket = communicator(AnonymousUser())
        connected, code = await socket.connect()
        return connected, code

    assert scenario() == (False, CLOSE_UNAUTHENTICATED)


def test_too_many_missed_events_get_a_resync(monkeypatch):
    import jobly.consumers

    user = UserFactory()
    anchor = EventFactory(owner=user)
    for _ in range(4):
        EventFactory(owner=user)
    latest = Event.objects.filter(owner=user).order_by("-id").first()
    monkeypatch.setattr(jobly.consumers, "REPLAY_LIMIT", 3)

    @async_to_sync
    async def scenario():
        socket = communicator(user, after=anchor.pk)
        await socket.connect()
        frame = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return frame

    assert scenario() == {"type": "resync", "data": {"last_id": latest.pk}}


@pytest.mark.parametrize("frame", ['{"type": "ping", "pad": "' + "x" * 300 + '"}', "[1, 2]", '{"type": "hello"}'])
def test_unexpected_frames_close_the_socket(frame):
    user = UserFactory()

    @async_to_sync
    async def scenario():
        socket = communicator(user)
        await socket.connect()
        await socket.send_to(text_data=frame)
        output = await socket.receive_output(timeout=5)
        await socket.wait()
        return output

    assert scenario() == {"type": "websocket.close", "code": CLOSE_BAD_FRAME}
