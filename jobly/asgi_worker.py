"""The gunicorn worker class: uvicorn serving `jobly.asgi` with Jobly's WebSocket and error-body rules.

What uvicorn answers itself, before Django sees a request, follows Jobly's contracts:
- a request its parser refuses (e.g. a header value holding a byte RFC 9110 forbids, as fuzzed Cookie
  headers do) gets the API's JSON error body under /api/, not uvicorn's plain-text 400;
- a WebSocket message from the client over WEBSOCKET_MAX_BYTES is refused with 1009 (message too big)
  before the consumer reads it. The one socket (/ws/events/) takes only small pings
  (jobly.consumers.MAX_CLIENT_FRAME, a test keeps the two equal); the limit applies to what clients
  send only, so events of any size still reach them.
"""

import json
import uuid

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn_worker import UvicornWorker

WEBSOCKET_MAX_BYTES = 256


class JoblyHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg):
        if not getattr(self, "url", b"").startswith(b"/api/"):
            return super().send_400_response(msg)
        request_id = uuid.uuid4().hex
        body = json.dumps({  # the shape of jobly.errors.error_body, built here because Django is not involved
            "error": {"code": "bad_request", "message": "The server could not read this request.", "details": {}},
            "request_id": request_id,
        }).encode()
        self.transport.write(b"".join([
            b"HTTP/1.1 400 Bad Request\r\n",
            b"content-type: application/json\r\n",
            b"x-request-id: " + request_id.encode() + b"\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
            body,
        ]))
        self.transport.close()


class JoblyUvicornWorker(UvicornWorker):
    """uvicorn under gunicorn with the WebSocket keepalive daphne had (`--ping-interval 20 --ping-timeout 40`)."""

    CONFIG_KWARGS = {
        "loop": "auto",
        "http": JoblyHttpToolsProtocol,
        "lifespan": "off",  # Django has no lifespan handler; "auto" would only log that
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 40.0,
        "ws_max_size": WEBSOCKET_MAX_BYTES,
        "proxy_headers": True,
        "server_header": False,
    }
