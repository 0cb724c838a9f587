"""The HTTP side of jobly.asgi: Django's ASGI handler with the synchronous middleware chain (jobly/asgi_http.py)."""

import asyncio

import pytest
from asgiref.sync import AsyncToSync
from asgiref.testing import ApplicationCommunicator
from django.core.handlers.asgi import ASGIHandler

from jobly.asgi_http import SyncChainASGIHandler


def _get(application, path):
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}

    async def run():
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(5)
        body = await communicator.receive_output(5)
        await communicator.wait(5)
        return start, body

    return asyncio.run(run())


@pytest.fixture
def hops(monkeypatch):
    """How many times request handling went back from a worker thread to the event loop."""
    calls = []
    original = AsyncToSync.__call__

    def counting(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AsyncToSync, "__call__", counting)
    return calls


def test_a_request_runs_its_whole_chain_in_one_thread_hop(hops, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    start, body = _get(SyncChainASGIHandler(), "/health")
    assert start["status"] == 200 and b'"ok"' in body["body"]
    assert {name.lower(): value for name, value in start["headers"]}[b"x-request-id"]
    assert hops == []


def test_djangos_own_handler_crosses_back_to_the_event_loop_for_the_same_request(hops, settings):
    """Why the handler exists: with Jobly's sync middleware, Django's async chain hops inside each request."""
    settings.ALLOWED_HOSTS = ["localhost"]
    start, _ = _get(ASGIHandler(), "/health")
    assert start["status"] == 200
    assert len(hops) >= 1


def test_errors_keep_their_json_body_through_the_sync_chain(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    start, body = _get(SyncChainASGIHandler(), "/api/no-such-endpoint")
    assert start["status"] == 404 and b'"not_found"' in body["body"]


def test_the_served_application_uses_it():
    from jobly import asgi

    assert isinstance(asgi.django_asgi_app, SyncChainASGIHandler)
    assert not asyncio.iscoroutinefunction(asgi.django_asgi_app._middleware_chain)
