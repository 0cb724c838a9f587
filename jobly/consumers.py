"""The one WebSocket consumer: a user's events, replayed with `?after=ID`, then live.

The group comes from the session user only. Client frames are limited to small pings, and to a rate:
a burst of FRAME_BURST, then FRAME_REFILL_PER_SECOND (4429 beyond it, 4400 for anything that is not a
ping). A frame over MAX_CLIENT_FRAME never gets here: the server closes it with 1009 (jobly/asgi_worker.py).
Events are sent at most once per socket:
replayed and live copies are de-duplicated by id, and a live event that overtakes an older one
(commits finish out of id order) is still delivered, not dropped.
"""

import asyncio
import json
import time
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from jobly.fanout import user_group_name

MAX_CLIENT_FRAME = 256  # bytes; jobly.asgi_worker.WEBSOCKET_MAX_BYTES enforces it (1009) before a message is read
# The page itself sends nothing; a script may ping. 20 frames at once, then one a second.
FRAME_BURST = 20
FRAME_REFILL_PER_SECOND = 1.0
REPLAY_LIMIT = 1000
SENT_IDS_REMEMBERED = 2000
CLOSE_UNAUTHENTICATED = 4401
CLOSE_BAD_FRAME = 4400
CLOSE_TOO_MANY_FRAMES = 4429


@database_sync_to_async
def replay_for(user_id, after, limit=None):
    """(events after `after`, or None when a gap-free replay is impossible, latest id).

    A replay is impossible when the client's anchor event no longer exists (cleaned up after the
    retention period, or not this user's) or more than `limit` events were missed: the client
    must resync from the API instead of applying a partial history.
    """
    from jobly.models import Event

    limit = limit or REPLAY_LIMIT
    mine = Event.objects.filter(owner_id=user_id)
    latest = mine.order_by("-id").values_list("id", flat=True).first() or 0
    if after and not mine.filter(id=after).exists():
        return None, latest
    rows = list(mine.filter(id__gt=after).order_by("id")[: limit + 1])
    if len(rows) > limit:
        return None, latest
    return [event.to_wire() for event in rows], latest


def heartbeat_seconds():
    return settings.WEBSOCKET_HEARTBEAT_SECONDS


class EventConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user_id = user.pk
        self.group = user_group_name(self.user_id)
        self.last_sent_id = self._after_from_query()
        self.floor = self.last_sent_id  # the client has everything up to here
        self.sent_ids = set()
        self.sent_order = deque()
        self.frame_allowance = float(FRAME_BURST)
        self.frame_clock = time.monotonic()
        # Join before reading the replay so nothing published in between is missed;
        # duplicates are dropped by id in `_send_event`.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._replay()
        self.heartbeat = asyncio.ensure_future(self._heartbeat())

    def _after_from_query(self):
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        try:
            return max(0, int(query.get("after", ["0"])[0]))
        except ValueError:
            return 0

    async def _replay(self):
        events, latest = await replay_for(self.user_id, self.last_sent_id)
        if events is None:
            self.last_sent_id = self.floor = latest
            await self.send(text_data=json.dumps({"type": "resync", "data": {"last_id": latest}}))
            return
        for event in events:
            await self._send_event(event)

    def _remember(self, event_id):
        self.sent_ids.add(event_id)
        self.sent_order.append(event_id)
        while len(self.sent_order) > SENT_IDS_REMEMBERED:
            forgotten = self.sent_order.popleft()
            self.sent_ids.discard(forgotten)
            self.floor = max(self.floor, forgotten)

    async def _send_event(self, event):
        event_id = event["id"]
        if event_id <= self.floor or event_id in self.sent_ids:
            return
        self._remember(event_id)
        self.last_sent_id = max(self.last_sent_id, event_id)
        await self.send(text_data=json.dumps(event))

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(heartbeat_seconds())
            # Re-join: group membership expires (group_expiry) and vanishes if Redis restarts.
            await self.channel_layer.group_add(self.group, self.channel_name)
            await self.send(text_data=json.dumps({"type": "heartbeat", "data": {"last_id": self.last_sent_id}}))

    async def disconnect(self, code):
        if hasattr(self, "heartbeat"):
            self.heartbeat.cancel()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    def _frame_allowed(self):
        """Token bucket per connection: FRAME_BURST at once, refilled at FRAME_REFILL_PER_SECOND."""
        now = time.monotonic()
        self.frame_allowance = min(FRAME_BURST, self.frame_allowance + (now - self.frame_clock) * FRAME_REFILL_PER_SECOND)
        self.frame_clock = now
        if self.frame_allowance < 1:
            return False
        self.frame_allowance -= 1
        return True

    async def receive(self, text_data=None, bytes_data=None):
        if not self._frame_allowed():
            await self.close(code=CLOSE_TOO_MANY_FRAMES)
            return
        # Oversize frames are the server's to close with 1009; one that slips through (another ASGI
        # server) is still refused here.
        if bytes_data is not None or text_data is None or len(text_data) > MAX_CLIENT_FRAME:
            await self.close(code=CLOSE_BAD_FRAME)
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.close(code=CLOSE_BAD_FRAME)
            return
        if not isinstance(frame, dict) or frame.get("type") != "ping":
            await self.close(code=CLOSE_BAD_FRAME)
            return
        await self.send(text_data=json.dumps({"type": "pong", "data": {"last_id": self.last_sent_id}}))

    async def event_message(self, message):
        await self._send_event(message["event"])
