"""A real local HTTP server speaking the OpenAI chat-completions API, scriptable for tests.

    with OpenAIServer() as server:
        server.push(Reply(status=429), Reply(content='{"text": "…"}'))
        client = ChatClient(base_url=server.url, model="test-model")

Replies are served in order; when the script is empty, `responder(request_json) -> content` answers
(default: an error 500, so an unexpected call is visible). Every request is recorded with its
headers and JSON body. `GET /v1/models` answers the model list (or `models_status`).
"""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message's content
    body: bytes | None = None  # a raw body instead of a chat completion
    delay: float = 0.0  # seconds before answering
    headers: dict = field(default_factory=dict)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: dict | None

    def message_text(self):
        return "\n".join(m.get("content", "") for m in (self.body or {}).get("messages", []))


def completion(content, model="test-model"):
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class OpenAIServer:
    def __init__(self, responder=None, *, reject_response_format=False):
        self.script = deque()
        self.requests = []
        self.responder = responder
        self.reject_response_format = reject_response_format
        self.models_status = 200
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server._record(self, None)
                if self.path.rstrip("/").endswith("/models"):
                    server._send(self, server.models_status, json.dumps({"object": "list", "data": [{"id": "test-model"}]}).encode())
                else:
                    server._send(self, 404, b'{"error": {"message": "not found"}}')

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                server._record(self, body)
                server._answer_chat(self, body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # a handler still "thinking" (a delay test) must not hold up the test
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        # A short poll interval: shutdown() waits for one poll, and every test stops a server.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def push(self, *replies):
        self.script.extend(replies)

    @property
    def chat_requests(self):
        return [r for r in self.requests if r.method == "POST" and r.path.endswith("/chat/completions")]

    def _record(self, handler, body):
        with self._lock:
            self.requests.append(Recorded(handler.command, handler.path, dict(handler.headers), body))

    def _send(self, handler, status, payload, headers=None):
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _answer_chat(self, handler, body):
        if not handler.path.endswith("/chat/completions"):
            return self._send(handler, 404, b'{"error": {"message": "not found"}}')
        if self.reject_response_format and body and "response_format" in body:
            return self._send(handler, 400, b'{"error": {"message": "response_format is not supported"}}')
        with self._lock:
            reply = self.script.popleft() if self.script else None
        if reply is None:
            if self.responder is None:
                return self._send(handler, 500, b'{"error": {"message": "no reply scripted"}}')
            reply = Reply(content=self.responder(body))
        if reply.delay:
            self._stopping.wait(reply.delay)
        if reply.body is not None:
            payload = reply.body
        elif reply.status == 200:
            payload = json.dumps(completion(reply.content, (body or {}).get("model", "test-model"))).encode()
        else:
            payload = json.dumps({"error": {"message": f"status {reply.status}", "type": "test"}}).encode()
        self._send(handler, reply.status, payload, reply.headers)


def forget_cached_answers():
    """Model answers are cached in Redis by request hash (jobly.writers.openai_chat); a test starts without any."""
    import redis as redis_lib
    from django.conf import settings

    client = redis_lib.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter("*writer:*"))
    if keys:
        client.delete(*keys)
