import pytest

from tests.matching.feed_server import LocalServer


@pytest.fixture
def feed_server(settings):
    """A local feed server reached as "localhost:<its port>", the one address the test settings allow
    (127.0.0.1, and localhost on any other port, stay refused)."""
    server = LocalServer().start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"localhost:{server.port}"]
    yield server
    server.stop()


@pytest.fixture
def canary():
    """A loopback server nobody is allowed to reach: every test asserts it saw 0 requests."""
    server = LocalServer().start()
    server.add("*", b"root:x:0:0:canary")
    yield server
    server.stop()
