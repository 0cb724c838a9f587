"""The only code that touches the channel layer from synchronous code (views, Celery tasks).

One event loop per process runs in a daemon thread and owns one channel-layer instance, so
Celery tasks never create and close a loop per message (channels_redis#332). Live delivery is a
hint: a dropped message is recovered from the Event table by `?after=` replay.
"""

import asyncio
import logging
import threading

from django.conf import settings

logger = logging.getLogger("jobly.fanout")

_lock = threading.Lock()
_loop = None
_layer = None


def user_group_name(user_id):
    return f"user-events-{int(user_id)}"


def _ensure_loop():
    global _loop, _layer
    with _lock:
        if _loop is None or _loop.is_closed():
            from channels.layers import channel_layers

            _loop = asyncio.new_event_loop()
            thread = threading.Thread(target=_loop.run_forever, name="jobly-fanout", daemon=True)
            thread.start()
            _layer = channel_layers.make_backend("default")
        return _loop, _layer


def send_to_user(user_id, wire_event, *, timeout=2.0):
    """Deliver one event to the user's WebSocket group; never raises (delivery is best effort)."""
    if not settings.CHANNEL_LAYERS:
        return False
    loop, layer = _ensure_loop()
    message = {"type": "event.message", "event": wire_event}
    future = asyncio.run_coroutine_threadsafe(layer.group_send(user_group_name(user_id), message), loop)
    try:
        future.result(timeout=timeout)
        return True
    except Exception as error:  # Redis down or slow: the replay path recovers it
        future.cancel()
        logger.warning("live event delivery failed: %s", type(error).__name__)
        return False


def reset_after_fork():
    """Forked pool children must not reuse the parent's loop thread (it does not exist there)."""
    global _loop, _layer
    _loop = None
    _layer = None


import os  # noqa: E402

os.register_at_fork(after_in_child=reset_after_fork)
