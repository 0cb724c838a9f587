"""The web server (gunicorn + jobly.asgi_worker) against a real running server: what uvicorn answers
itself under /api/ is the API's JSON error body, not its plain-text page.

The WebSocket limits it sets are tested with a real client in tests/integration/test_websocket.py.
"""

import json
import socket

import pytest

from jobly.consumers import MAX_CLIENT_FRAME
from jobly.asgi_worker import WEBSOCKET_MAX_BYTES

pytestmark = [pytest.mark.integration]


def raw_request(web, path, header_lines):
    """An HTTP/1.1 request written byte for byte (clients refuse to send such headers)."""
    with socket.create_connection(("127.0.0.1", web.port), timeout=10) as connection:
        connection.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(
            line + b"\r\n" for line in header_lines) + b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    headers = {line.split(b":", 1)[0].strip().lower(): line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")[1:]}
    if headers.get(b"transfer-encoding") == b"chunked":
        decoded = b""
        while body:
            size, _, rest = body.partition(b"\r\n")
            if not int(size, 16):
                break
            decoded, body = decoded + rest[: int(size, 16)], rest[int(size, 16) + 2:]
        body = decoded
    return status, headers, body


# Fuzzed Cookie values (and other headers) carrying bytes RFC 9110 forbids in a field value, or odd
# but legal ones: the server's parser refuses some (400), Django reads the rest (401 here); either way
# the answer under /api/ is the API's JSON error body.
ODD_COOKIES = [b"sessionid=abc" + byte + b"def" for byte in (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x7f", b"\x85")]
ODD_COOKIES += [b"=;;=", b"\xff\xfe=1", b"a=\xc3\xa9"]


@pytest.mark.parametrize("cookie", ODD_COOKIES, ids=[repr(cookie) for cookie in ODD_COOKIES])
def test_an_odd_cookie_gets_the_json_error_body_under_api(transactional_db, live_web, cookie):
    status, headers, body = raw_request(live_web, b"/api/events", [b"Cookie: " + cookie])
    assert status in (400, 401), cookie
    assert headers[b"content-type"] == b"application/json"
    document = json.loads(body)
    assert set(document) == {"error", "request_id"}
    assert document["error"]["code"] == ("bad_request" if status == 400 else "not_authenticated")
    assert set(document["error"]) == {"code", "message", "details"}
    assert headers[b"x-request-id"].decode() == document["request_id"]


def test_pages_keep_the_servers_own_error_page(transactional_db, live_web):
    status, headers, body = raw_request(live_web, b"/jobs/", [b"Cookie: a=\x7f"])
    assert status == 400 and headers[b"content-type"].startswith(b"text/plain")


def test_the_servers_websocket_limit_is_the_consumers_frame_limit():
    assert WEBSOCKET_MAX_BYTES == MAX_CLIENT_FRAME
