"""A real local HTTP server standing in for the outside world: feeds with ETags, slow, huge and
redirecting answers, and a canary that counts every request it receives (which must stay at 0).
"""

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    mode: str = "static"  # static | slow | endless | redirect
    location: str = ""
    etag: bool = True


class LocalServer:
    def __init__(self, port=0):
        self.routes = {}
        self.hits = Counter()
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server._handle(self)

            def do_POST(self):
                server._handle(self)

            def do_HEAD(self):
                server._handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path="/", host="localhost"):
        return f"http://{host}:{self.port}{path}"

    @property
    def total_hits(self):
        return sum(self.hits.values())

    def add(self, path, body=b"", **options):
        self.routes[path] = Route(body=body, **options)

    def _handle(self, handler):
        path = handler.path.split("?")[0]
        self.hits[path] += 1
        self.requests.append({"path": handler.path, "headers": dict(handler.headers)})
        route = self.routes.get(path) or self.routes.get("*")
        if route is None:
            self._send(handler, 404, b"not found", "text/plain")
            return
        if route.mode == "redirect":
            handler.send_response(route.status)
            handler.send_header("Location", route.location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if route.mode == "slow":
            handler.send_response(200)
            handler.send_header("Content-Type", route.content_type)
            handler.send_header("Content-Length", "1000")
            handler.end_headers()
            try:
                for _ in range(1000):
                    handler.wfile.write(b"<")
                    handler.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return
        if route.mode == "endless":
            handler.send_response(200)
            handler.send_header("Content-Type", route.content_type)
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            chunk = b"<item><title>x</title></item>" * 2000
            try:
                while True:
                    handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                pass
            return
        etag = '"' + hashlib.sha1(route.body).hexdigest() + '"'
        if route.etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        extra = dict(route.headers)
        if route.etag:
            extra["ETag"] = etag
            extra["Last-Modified"] = "Tue, 15 Nov 2022 12:00:00 GMT"
        self._send(handler, route.status, route.body, route.content_type, extra)

    def _send(self, handler, status, body, content_type, headers=None):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            try:
                handler.wfile.write(body)
            except OSError:
                pass
