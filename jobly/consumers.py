"""The one WebSocket consumer: a user's events, replayed with `?after=ID`, then live.

The group comes from the session user only. Client frames are limited to small pings.
"""

import asyncio
import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from jobly.fanout import user_group_name

MAX_CLIENT_FRAME = 256
REPLAY_LIMIT = 1000
CLOSE_UNAUTHENTICATED = 4401
CLOSE_BAD_FRAME = 4400


@database_sync_to_async
def events_after(user_id, after, limit=REPLAY_LIMIT):
    from jobly.models import Event

    rows = Event.objects.filter(owner_id=user_id, id__gt=after).order_by("id")[: limit + 1]
    return [event.to_wire() for event in rows]


def heartbeat_seconds():
    return getattr(settings, "WEBSOCKET_HEARTBEAT_SECONDS", 30)


class EventConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user_id = user.pk
        self.group = user_group_name(self.user_id)
        self.last_sent_id = self._after_from_query()
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
        events = await events_after(self.user_id, self.last_sent_id)
        if len(events) > REPLAY_LIMIT:
            await self.send(text_data=json.dumps({"type": "resync", "data": {"reason": "too_many_missed_events"}}))
            self.last_sent_id = events[-1]["id"]
            return
        for event in events:
            await self._send_event(event)

    async def _send_event(self, event):
        if event["id"] <= self.last_sent_id:
            return
        self.last_sent_id = event["id"]
        await self.send(text_data=json.dumps(event))

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(heartbeat_seconds())
            await self.channel_layer.group_add(self.group, self.channel_name)
            await self.send(text_data=json.dumps({"type": "heartbeat", "data": {"last_id": self.last_sent_id}}))

    async def disconnect(self, code):
        if hasattr(self, "heartbeat"):
            self.heartbeat.cancel()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
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
