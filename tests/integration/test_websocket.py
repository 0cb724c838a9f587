"""/ws/events/ with a real client (the `websockets` package) against the real web server
(gunicorn + uvicorn, as in production).

Sessions come from logging in with Django's test Client on the committed test database.
"""

import json

import pytest
from django.test import Client
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from jobly.consumers import CLOSE_TOO_MANY_FRAMES, FRAME_BURST, MAX_CLIENT_FRAME
from jobly.events import publish
from jobly.models import Event
from tests import processes
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration]


def session_cookie(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return f"sessionid={client.cookies['sessionid'].value}"


def open_socket(web, user=None, *, after=None, origin="same"):
    url = f"ws://127.0.0.1:{web.port}/ws/events/" + (f"?after={after}" if after is not None else "")
    headers = {"Cookie": session_cookie(user)} if user else {}
    origin = web.url if origin == "same" else origin
    return connect(url, origin=origin, additional_headers=headers, open_timeout=10, max_size=2**20)


def receive_events(socket, *, until, timeout=20):
    """Collect event frames (those with an id) until `until(events)` holds; liveness deadline `timeout`."""
    events = []

    def step():
        try:
            frame = json.loads(socket.recv(timeout=0.5))
        except TimeoutError:
            return until(events)
        if "id" in frame:
            events.append(frame)
        return until(events)

    processes.wait_until(step, timeout=timeout, interval=0, message="events on the socket")
    return events


def test_anonymous_connection_is_refused(transactional_db, live_web):
    with pytest.raises(InvalidStatus) as refused:
        open_socket(live_web)
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize("origin", ["https://evil.example", None])
def test_foreign_or_missing_origin_is_refused(transactional_db, live_web, origin):
    user = UserFactory()
    with pytest.raises(InvalidStatus) as refused:
        open_socket(live_web, user, origin=origin)
    assert refused.value.response.status_code == 403


def test_each_user_receives_only_their_own_events(transactional_db, live_web):
    alice, bob = UserFactory(), UserFactory()
    with open_socket(live_web, alice) as alice_socket, open_socket(live_web, bob) as bob_socket:
        published = {alice.pk: [], bob.pk: []}
        for n in range(300):
            owner = bob if n % 3 else alice  # 200 of Bob's events interleaved with 100 of Alice's
            published[owner.pk].append(publish(owner, "job.progress", {"job_id": n, "progress": 0}).pk)
        alice_ids = [e["id"] for e in receive_events(alice_socket, until=lambda ev: len(ev) >= 100)]
        bob_ids = [e["id"] for e in receive_events(bob_socket, until=lambda ev: len(ev) >= 200)]
        # Nothing more arrives after the expected count (a leak would show up as an extra frame).
        extra = []
        try:
            extra.append(alice_socket.recv(timeout=1))
        except TimeoutError:
            pass
    assert sorted(alice_ids) == published[alice.pk] and not set(alice_ids) & set(published[bob.pk])
    assert sorted(bob_ids) == published[bob.pk]
    assert extra == []


def test_replay_after_a_disconnect_has_no_gaps_and_no_duplicates(transactional_db, live_web):
    user = UserFactory()
    expected = []

    def publish_some(count, start):
        for n in range(start, start + count):
            expected.append(publish(user, "job.progress", {"job_id": 1, "progress": n % 100}).pk)

    with open_socket(live_web, user, after=0) as socket:
        publish_some(20, 0)
        first = receive_events(socket, until=lambda ev: len(ev) >= 10)
    last_seen = max(event["id"] for event in first)
    publish_some(30, 20)  # while disconnected
    with open_socket(live_web, user, after=last_seen) as socket:
        publish_some(20, 50)  # live again, racing the replay
        second = receive_events(socket, until=lambda ev: ev and max(e["id"] for e in ev) >= expected[-1])
    second_ids = [event["id"] for event in second]
    assert len(second_ids) == len(set(second_ids)), "duplicates on one socket"
    assert min(second_ids) > last_seen, "replayed something the client already had"
    seen_before = {event["id"] for event in first if event["id"] <= last_seen}
    assert sorted(seen_before | set(second_ids)) == expected, "gap in the union of live and replayed events"


def test_an_unknown_anchor_gets_an_explicit_resync(transactional_db, live_web):
    user, other = UserFactory(), UserFactory()
    foreign = publish(other, "job.progress", {"job_id": 1})  # not the user's: cannot anchor a replay
    mine = publish(user, "job.progress", {"job_id": 2})
    with open_socket(live_web, user, after=foreign.pk) as socket:
        frame = json.loads(socket.recv(timeout=10))
    assert frame == {"type": "resync", "data": {"last_id": mine.pk}}


def test_ping_is_answered_and_bad_frames_close_the_socket(transactional_db, live_web):
    user = UserFactory()
    with open_socket(live_web, user) as socket:
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10))["type"] == "pong"
    for bad in [b"\x00binary", "not json", json.dumps({"type": "subscribe", "user": 1})]:
        with open_socket(live_web, user) as socket:
            socket.send(bad)
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=10)
            assert closed.value.rcvd.code == 4400


def _close_code_after(socket, frames):
    """Send frames (the server may close midway), then read until it closes; (code, pongs seen)."""
    try:
        for frame in frames:
            socket.send(frame)
    except ConnectionClosed:
        pass
    pongs = 0
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            pongs += json.loads(socket.recv(timeout=10))["type"] == "pong"
    return closed.value.rcvd.code if closed.value.rcvd else None, pongs


def test_oversize_frames_close_with_1009_and_a_16_mb_frame_harms_nothing(transactional_db, live_web):
    user = UserFactory()
    log_start = len(live_web.log())
    for size in (MAX_CLIENT_FRAME + 1, 16 * 1024 * 1024):
        with open_socket(live_web, user) as socket:
            assert _close_code_after(socket, ["x" * size]) == (1009, 0), size
    with open_socket(live_web, user) as socket:  # the server and its other application instances carry on
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10))["type"] == "pong"
    log = live_web.log()[log_start:]
    assert "Exception inside application" not in log and "killed" not in log, log[-2000:]


def test_events_larger_than_the_client_frame_limit_still_reach_the_client(transactional_db, live_web):
    """Regression: autobahn applies its message limit to what the server sends, so a 256-byte message
    limit (not just the frame limit) silently broke every socket whose replay held a larger event."""
    user = UserFactory()
    before = publish(user, "job.completed", {"job_id": 1, "result": {"notes": "x" * 5000}})
    with open_socket(live_web, user, after=0) as socket:
        live = publish(user, "job.completed", {"job_id": 2, "result": {"notes": "y" * 20_000}})
        received = receive_events(socket, until=lambda ev: {e["id"] for e in ev} >= {before.pk, live.pk})
    assert [e["id"] for e in received] == [before.pk, live.pk]


def test_a_flood_of_frames_is_closed_with_4429_after_the_burst(transactional_db, live_web):
    user = UserFactory()
    with open_socket(live_web, user) as socket:
        code, pongs = _close_code_after(socket, [json.dumps({"type": "ping"})] * (FRAME_BURST * 10))
    assert code == CLOSE_TOO_MANY_FRAMES
    assert FRAME_BURST <= pongs <= FRAME_BURST + 2  # the refill may add one while the burst is read


def test_heartbeat_arrives_and_a_late_event_is_still_live(transactional_db, process_logs):
    web = processes.start_web(process_logs, WEBSOCKET_HEARTBEAT_SECONDS="0.5")
    try:
        user = UserFactory()
        with open_socket(web, user) as socket:
            heartbeats = []
            processes.wait_until(
                lambda: heartbeats.append(json.loads(socket.recv(timeout=5))) or heartbeats[-1]["type"] == "heartbeat",
                timeout=15, message="a heartbeat frame",
            )
            event = publish(user, "job.completed", {"job_id": 9})
            received = receive_events(socket, until=lambda ev: any(e["id"] == event.pk for e in ev))
        assert [e["id"] for e in received] == [event.pk]
        assert Event.objects.filter(owner=user).count() == 1
    finally:
        web.stop()


def test_a_client_that_stopped_reading_recovers_everything_by_replay(transactional_db, live_web):
    """RELIABILITY row 11: live delivery may drop (channel capacity 100); `?after=` replay restores it."""
    user = UserFactory()
    expected = []
    with open_socket(live_web, user, after=0) as socket:
        for n in range(500):
            expected.append(publish(user, "job.progress", {"job_id": 1, "progress": n // 5}).pk)
        expected.append(publish(user, "job.completed", {"job_id": 1, "progress": 100}).pk)
        # Read whatever made it through, until the socket goes quiet for a second.
        live = []
        while True:
            try:
                frame = json.loads(socket.recv(timeout=1))
            except TimeoutError:
                break
            if "id" in frame:
                live.append(frame)
    last_seen = max((event["id"] for event in live), default=0)
    contiguous = 0
    for event_id in expected:  # the client resumes after the last id it holds without a gap
        if event_id not in {event["id"] for event in live}:
            break
        contiguous = event_id
    live_ids = {event["id"] for event in live}
    with open_socket(live_web, user, after=contiguous) as socket:
        # Daphne buffers without back-pressure, so often nothing was dropped; the union is what counts.
        replayed = receive_events(socket, until=lambda ev: live_ids | {e["id"] for e in ev} >= set(expected))
    union = live_ids | {event["id"] for event in replayed}
    assert sorted(union) == expected
    assert [e["type"] for e in live + replayed if e["id"] == expected[-1]].count("job.completed") >= 1
    assert len({e["id"] for e in replayed}) == len(replayed)
    assert last_seen <= expected[-1]


def test_an_idle_socket_stays_open_and_live(transactional_db, live_web):
    """Regression: redis-py 8's 5 s read timeout equalled channels_redis' 5 s blocking pop, so every
    socket idle for 5 s was closed with 1011. The channel layer now reads with a longer timeout."""
    user = UserFactory()
    with open_socket(live_web, user) as socket:
        with pytest.raises(TimeoutError):
            socket.recv(timeout=7)  # idle for longer than the 5 s blocking pop
        event = publish(user, "job.completed", {"job_id": 3})
        received = receive_events(socket, until=lambda ev: bool(ev))
    assert [e["id"] for e in received] == [event.pk]
