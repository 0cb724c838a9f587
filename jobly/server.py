"""The web server: daphne with Jobly's protocol-level defaults. Run `python -m jobly.server` with
daphne's own arguments (the Procfile, compose file and the test suite all do).

What daphne answers itself, before Django sees a request, is made to follow Jobly's contracts:
- a header value holding a byte RFC 9110 forbids (found by fuzzing Cookie headers) got daphne's
  HTML 400 page; under /api/ it is now the API's JSON error body;
- a WebSocket frame over the size limit made autobahn drop the TCP connection without a close
  frame (clients saw 1006); it now closes with 1009 (message too big) before reading the payload.
The frame limit defaults to 256 bytes instead of daphne's 1 MiB: the one socket (/ws/events/) takes
only small pings (jobly.consumers.MAX_CLIENT_FRAME), and only the server may send 1009 (autobahn
refuses that code from an application). The message limit stays at daphne's 1 MiB: autobahn applies
it to what the server sends too, and events are larger than pings.
"""

import json
import sys
import uuid

from daphne import server as daphne_server
from daphne.cli import CommandLineInterface
from daphne.http_protocol import HTTPFactory, WebRequest
from daphne.ws_protocol import WebSocketFactory

WEBSOCKET_MAX_FRAME_BYTES = 256  # = jobly.consumers.MAX_CLIENT_FRAME (a test keeps them equal)
ERROR_CODES = {400: "bad_request", 500: "server_error", 503: "unavailable"}


class ApiAwareWebRequest(WebRequest):
    def basic_error(self, status, status_text, body):
        if not (self.path or b"").startswith(b"/api/"):
            return super().basic_error(status, status_text, body)
        request_id = uuid.uuid4().hex
        payload = {  # the shape of jobly.errors.error_body, built here because Django is not involved
            "error": {"code": ERROR_CODES.get(status, "error"), "message": f"{body.rstrip('.')}.", "details": {}},
            "request_id": request_id,
        }
        self.handle_reply({
            "type": "http.response.start",
            "status": status,
            "headers": [(b"Content-Type", b"application/json"), (b"X-Request-ID", request_id.encode())],
        })
        self.handle_reply({"type": "http.response.body", "body": json.dumps(payload).encode()})


class ApiAwareHTTPFactory(HTTPFactory):
    def buildProtocol(self, addr):
        protocol = super().buildProtocol(addr)
        protocol.requestFactory = ApiAwareWebRequest
        return protocol


class ClosingWebSocketFactory(WebSocketFactory):
    def setProtocolOptions(self, **options):
        options.setdefault("failByDrop", False)  # fail with a close frame (1009, 1002, ...), not a TCP drop
        super().setProtocolOptions(**options)


class JoblyServer(daphne_server.Server):
    def run(self):
        # daphne builds its factories from these module names inside run(); only this process is affected.
        daphne_server.HTTPFactory = ApiAwareHTTPFactory
        daphne_server.WebSocketFactory = ClosingWebSocketFactory
        super().run()


class JoblyCommandLine(CommandLineInterface):
    server_class = JoblyServer

    def __init__(self):
        super().__init__()
        self.parser.set_defaults(websocket_max_frame_size=WEBSOCKET_MAX_FRAME_BYTES)


if __name__ == "__main__":
    sys.exit(JoblyCommandLine().run(sys.argv[1:]))
