"""jobly.server (daphne with Jobly's protocol defaults) against a real running server: what daphne
answers itself under /api/ is the API's JSON error body, not its HTML page.

The WebSocket limits it sets are tested with a real client in tests/integration/test_websocket.py.
"""

import json
import socket

import pytest

from jobly.consumers import MAX_CLIENT_FRAME
from jobly.server import WEBSOCKET_MAX_FRAME_BYTES

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


# Fuzzed Cookie values (and other headers) carrying bytes RFC 9110 forbids in a field value.
FORBIDDEN_BYTES = [b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x85"]


@pytest.mark.parametrize("byte", FORBIDDEN_BYTES, ids=[f"0x{b[0]:02x}" for b in FORBIDDEN_BYTES])
def test_a_cookie_daphne_refuses_gets_the_json_error_body_under_api(transactional_db, live_web, byte):
    status, headers, body = raw_request(live_web, b"/api/events", [b"Cookie: sessionid=abc" + byte + b"def"])
    assert status == 400
    assert headers[b"content-type"] == b"application/json"
    document = json.loads(body)
    assert set(document) == {"error", "request_id"} and document["error"]["code"] == "bad_request"
    assert set(document["error"]) == {"code", "message", "details"}
    assert headers[b"x-request-id"].decode() == document["request_id"]


def test_pages_keep_daphnes_own_error_page(transactional_db, live_web):
    status, headers, body = raw_request(live_web, b"/jobs/", [b"Cookie: a=\x0b"])
    assert status == 400 and headers[b"content-type"].startswith(b"text/html")


def test_ordinary_odd_cookies_reach_django_and_get_its_answer(transactional_db, live_web):
    for cookie in (b"=;;=", b"\xff\xfe=1", b"sessionid=\x7f", b"a=\xc3\xa9"):
        status, headers, body = raw_request(live_web, b"/api/events", [b"Cookie: " + cookie])
        assert status == 401, cookie
        assert json.loads(body)["error"]["code"] == "not_authenticated"


def test_the_servers_websocket_limit_is_the_consumers_frame_limit():
    assert WEBSOCKET_MAX_FRAME_BYTES == MAX_CLIENT_FRAME
