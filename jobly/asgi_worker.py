"""The gunicorn worker class: uvicorn serving `jobly.asgi` with Jobly's WebSocket limits."""

from uvicorn_worker import UvicornWorker

# Frames larger than this are refused by the server (close 1009) before the consumer reads them; the
# consumer's own limit (256 characters, close 4400) stays the rule for everything smaller.
WEBSOCKET_MAX_BYTES = 64 * 1024


class JoblyUvicornWorker(UvicornWorker):
    """uvicorn under gunicorn with the WebSocket keepalive daphne had (`--ping-interval 20 --ping-timeout 40`)."""

    CONFIG_KWARGS = {
        "loop": "auto",
        "http": "auto",
        "lifespan": "off",  # Django has no lifespan handler; "auto" would only log that
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 40.0,
        "ws_max_size": WEBSOCKET_MAX_BYTES,
        "proxy_headers": True,
        "server_header": False,
    }
