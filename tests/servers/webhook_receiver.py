"""A real local webhook receiver: it verifies every request with the `standardwebhooks` library, as any
Standard Webhooks consumer would, and answers from a script (status, body, delay, redirect).

`received` lists every request (headers, raw body, verified or the verification error); `unique_ids()`
is what a deduplicating receiver acts on (one effect per webhook-id).
"""

import threading
import time
from dataclasses import dataclass
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.matching.feed_server import LocalServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b'{"ok": true}'
    delay: float = 0.0
    location: str = ""


class WebhookReceiver(LocalServer):
    """The feed tests' local server (its socket, threads and handler), answering webhooks instead."""

    def __init__(self, *, port=0, secrets=()):
        super().__init__(port=port)
        self.secrets = list(secrets)
        self.script = []  # answers used in order; then `default`
        self.default = Answer()
        self.received = []
        self.arrived = threading.Event()
        self._lock = threading.Lock()

    def url(self, path="/hook", host="127.0.0.1"):
        return super().url(path, host=host)

    @property
    def host_port(self):
        return f"127.0.0.1:{self.port}"

    def answer_with(self, *answers):
        self.script.extend(answers)

    def verify(self, body, headers, secret=None):
        """What a receiver's library says: the parsed payload, or raises WebhookVerificationError."""
        return Webhook(secret or self.secrets[0]).verify(body, headers)

    def unique_ids(self):
        return {request["headers"].get("webhook-id") for request in self.received}

    def _handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        verified = {}
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
                verified[secret] = True
            except WebhookVerificationError as error:
                verified[secret] = str(error)
        with self._lock:
            answer = self.script.pop(0) if self.script else self.default
            self.received.append({"path": handler.path, "headers": headers, "body": body, "verified": verified,
                                  "at": time.time()})
        self.arrived.set()
        if answer.delay:
            time.sleep(answer.delay)
        try:
            handler.send_response(answer.status)
            if answer.location:
                handler.send_header("Location", answer.location)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(answer.body)))
            handler.end_headers()
            handler.wfile.write(answer.body)
        except OSError:  # the sender went away (a killed worker)
            pass
