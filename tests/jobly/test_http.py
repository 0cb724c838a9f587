"""The safe outbound client refuses private targets (before and after redirects and DNS
rebinding), and enforces its size and time limits. A loopback canary must see no request."""

import socket

import pytest

from jobly.errors import PermanentError, TransientError
from jobly.http import FetchRefused, check_url, clean_url, is_public_address, safe_fetch
from tests.matching.feed_server import LocalServer

@pytest.fixture
def server():
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def allowed(server):
    """The feed server is allowed as "localhost:<its port>" only; 127.0.0.1 stays forbidden."""
    return [f"localhost:{server.port}"]


@pytest.fixture
def canary():
    canary = LocalServer().start()
    canary.add("*", b"canary")
    yield canary
    canary.stop()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/", "http://127.0.0.1/", "http://localhost/", "http://0.0.0.0/", "http://0/",
        "http://127.1/", "http://2130706433/", "http://0x7f000001/",
        "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::7f00:1]/",
        "http://[fe80::1%25eth0]/", "http://[fd00::1]/", "http://[2002:7f00:1::]/",
        "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://[fd00:ec2::254]/",
        "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://198.18.0.1/",
        "http://224.0.0.1/", "http://255.255.255.255/",
    ],
)
def test_private_loopback_and_special_addresses_are_refused(url):
    with pytest.raises(FetchRefused) as refused:
        safe_fetch(url, allow_hosts=[])
    assert refused.value.code == "url_not_allowed"
    assert refused.value.status == 422


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:11211/", "ftp://example.com/",
            "javascript:alert(1)", "data:text/plain,hello"],
)
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchRefused) as refused:
        safe_fetch(url, allow_hosts=[])
    assert refused.value.code == "scheme_not_allowed"


def test_non_web_port_on_a_public_looking_host_is_refused():
    with pytest.raises(FetchRefused) as refused:
        check_url("http://example.test:6379/", allow_hosts=[])
    assert refused.value.code == "port_not_allowed"


def test_address_classification_handles_embedded_ipv4():
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:4700:4700::1111")
    assert is_public_address("64:ff9b::5db8:d822")  # NAT64 of a public address
    for address in ("::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:c0a8:101::", "2001:0::1", "100.64.1.1", "0.0.0.0"):
        assert not is_public_address(address), address


def test_none_of_the_refused_urls_reach_the_canary(canary):
    for url in (f"http://127.0.0.1:{canary.port}/", f"http://[::ffff:127.0.0.1]:{canary.port}/",
                f"http://localhost:{canary.port}/", f"http://2130706433:{canary.port}/"):
        with pytest.raises(FetchRefused):
            safe_fetch(url, allow_hosts=[])
    assert canary.total_hits == 0


def test_allowlisted_host_is_fetched_with_its_original_host_header(server, allowed):
    server.add("/feed.xml", b"<rss/>")
    response = safe_fetch(server.url("/feed.xml"), allow_hosts=allowed)
    assert response.status == 200
    assert response.content == b"<rss/>"
    assert server.requests[0]["headers"]["Host"] == f"localhost:{server.port}"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_a_private_address_stops_before_reaching_it(server, allowed, canary, status):
    server.add("/go", mode="redirect", status=status, location=f"http://127.0.0.1:{canary.port}/x")
    with pytest.raises(FetchRefused) as refused:
        safe_fetch(server.url("/go"), allow_hosts=allowed)
    assert refused.value.code == "url_not_allowed"
    assert canary.total_hits == 0


def test_scheme_relative_redirect_to_loopback_is_refused(server, allowed, canary):
    server.add("/go", mode="redirect", status=302, location=f"//127.0.0.1:{canary.port}/x")
    with pytest.raises(FetchRefused):
        safe_fetch(server.url("/go"), allow_hosts=allowed)
    assert canary.total_hits == 0


def test_redirects_are_followed_up_to_the_limit(server, allowed):
    server.add("/a", mode="redirect", status=302, location="/b")
    server.add("/b", mode="redirect", status=301, location="/c")
    server.add("/c", b"done")
    response = safe_fetch(server.url("/a"), allow_hosts=allowed)
    assert response.content == b"done"
    assert response.final_url.endswith("/c")


def test_a_redirect_loop_ends_as_too_many_redirects(server, allowed):
    server.add("/loop", mode="redirect", status=302, location="/loop")
    with pytest.raises(PermanentError) as failed:
        safe_fetch(server.url("/loop"), allow_hosts=allowed)
    assert failed.value.code == "too_many_redirects"
    assert server.hits["/loop"] == 4  # the first request plus three re-validated hops


class _OfflineSocket(socket.socket):
    """The outside network, faked: connects to public addresses are recorded and refused."""

    connects = []

    def connect(self, address):
        if not address[0].startswith("127."):
            _OfflineSocket.connects.append(address[:2])
            raise ConnectionRefusedError("offline test network")
        return super().connect(address)


def test_dns_rebinding_cannot_swap_the_checked_address(monkeypatch, canary):
    """The resolver answers public first and loopback after: one lookup, connect to the checked IP."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    calls = []

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    _OfflineSocket.connects = []
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(socket, "socket", _OfflineSocket)
    with pytest.raises(TransientError) as failed:
        safe_fetch("http://rebind.example/", allow_hosts=[], timeout=2)
    assert failed.value.code == "connection_failed"
    assert calls == ["rebind.example"]
    assert _OfflineSocket.connects == [("93.184.216.34", 80)]
    assert canary.total_hits == 0


def test_a_host_with_any_private_record_is_refused(monkeypatch):
    def mixed_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", mixed_getaddrinfo)
    with pytest.raises(FetchRefused):
        safe_fetch("http://mixed.example/", allow_hosts=[])


def test_huge_response_is_cut_at_the_size_cap(server, allowed):
    server.add("/huge", mode="endless")
    with pytest.raises(PermanentError) as failed:
        safe_fetch(server.url("/huge"), allow_hosts=allowed, max_bytes=1024 * 1024)
    assert failed.value.code == "too_large"


def test_declared_length_over_the_cap_is_refused_before_reading(server, allowed):
    server.add("/big", b"x" * 3000)
    with pytest.raises(PermanentError) as failed:
        safe_fetch(server.url("/big"), allow_hosts=allowed, max_bytes=1000)
    assert failed.value.code == "too_large"


def test_slow_drip_response_hits_the_total_deadline(server, allowed):
    server.add("/slow", mode="slow")
    with pytest.raises(TransientError) as failed:
        safe_fetch(server.url("/slow"), allow_hosts=allowed, timeout=1.5)
    assert failed.value.code == "timeout"


@pytest.mark.parametrize("status, transient", [(404, False), (410, False), (500, True), (503, True), (429, True)])
def test_http_errors_carry_their_status_and_retry_class(server, allowed, status, transient):
    server.add("/x", b"nope", status=status, etag=False)
    with pytest.raises((PermanentError, TransientError)) as failed:
        safe_fetch(server.url("/x"), allow_hosts=allowed)
    assert failed.value.code == f"http_{status}"
    assert isinstance(failed.value, TransientError) is transient


def test_gzip_bomb_is_capped_while_decompressing(server, allowed):
    import gzip

    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"}, etag=False)
    with pytest.raises(PermanentError) as failed:
        safe_fetch(server.url("/bomb"), allow_hosts=allowed, max_bytes=1024 * 1024)
    assert failed.value.code == "too_large"


def test_connection_refused_is_transient():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TransientError) as failed:
        safe_fetch(f"http://localhost:{port}/", allow_hosts=[f"localhost:{port}"])
    assert failed.value.code == "connection_failed"


@pytest.mark.parametrize(
    "url, allow, allowed",
    [
        ("http://127.0.0.1/", ["127.0.0.1"], True),
        ("http://127.0.0.1:6379/", ["127.0.0.1"], False),  # a bare host is its scheme's default port only
        ("https://127.0.0.1:443/", ["127.0.0.1"], True),
        ("https://127.0.0.1:80/", ["127.0.0.1"], False),
        ("http://feeds.local:8080/", ["FEEDS.local:8080"], True),
        ("http://feeds.local:8081/", ["feeds.local:8080"], False),
        ("http://feeds.local/", ["feeds.local:8080"], False),
        ("http://[::1]:9000/", ["[::1]:9000"], True),
    ],
)
def test_allowlist_entries_match_host_and_port_exactly(url, allow, allowed):
    try:
        target = check_url(url, allow_hosts=allow, resolve=False)
    except FetchRefused:
        target = None  # refused outright: a private address, or a port other than 80/443
    assert bool(target and target.allowlisted) is allowed


def test_an_allowed_host_on_another_port_never_reaches_it(canary):
    with pytest.raises(FetchRefused):
        safe_fetch(f"http://localhost:{canary.port}/", allow_hosts=["localhost", f"localhost:{canary.port + 1}"])
    assert canary.total_hits == 0


@pytest.mark.parametrize(
    "url, stored",
    [
        ("http://Bücher.example/stellen?q=köln", "http://xn--bcher-kva.example/stellen?q=k%C3%B6ln"),
        ("HTTPS://Example.COM:8443/a%20b/ü", "https://example.com:8443/a%20b/%C3%BC"),
        ("http://[2606:4700::1111]/feed", "http://[2606:4700::1111]/feed"),
    ],
)
def test_clean_url_stores_punycode_hosts_and_percent_encoded_paths(url, stored):
    assert clean_url(url) == stored


@pytest.mark.parametrize(
    "url", ["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1/", "http://0x7f000001/",
            "http://127.000.000.001/", "http://1572395042/"],
)
def test_numeric_ipv4_spellings_are_refused_before_any_lookup(url):
    with pytest.raises(FetchRefused) as refused:
        clean_url(url)
    assert refused.value.code == "url_not_allowed"


def test_urls_over_2000_characters_are_refused():
    url = "https://example.com/" + "a" * 1980
    assert clean_url(url) == url
    with pytest.raises(FetchRefused) as refused:
        clean_url(url + "a")
    assert refused.value.code == "url_too_long"
