"""The operator allowlist opens a host on one port only: allowing 127.0.0.1 (or 127.0.0.1:<feed port>)
for a local feed server never lets a feed or a pasted URL reach Redis, Flower or the site itself.

Through the API as the attack went (feeds and pastes), and through a fetch on an existing feed row.
Stand-ins for Flower and the site listen on real ports and must see no request; Redis is the real one.
"""

import pytest
from django.conf import settings as django_settings

from matching.services import ingest as services
from matching.models import Feed, Job
from tests.matching.feed_server import LocalServer
from tests.matching.feeds import item, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def stand_ins():
    """Loopback servers where Flower and the site would answer; each counts what reaches it."""
    flower, site = LocalServer().start(), LocalServer().start()
    flower.add("*", b"flower dashboard")
    site.add("*", b'{"database": "ok", "redis": "ok"}', content_type="application/json")
    yield {"flower": flower, "site": site}
    flower.stop()
    site.stop()


@pytest.fixture
def local_feed():
    server = LocalServer().start()
    server.add("/jobs.rss", rss(item("Backend Engineer at Acme", link="https://example.com/jobs/1")))
    server.add("/posting", b"<html><title>Data Engineer</title><body><p>Work with data.</p></body></html>",
               content_type="text/html; charset=utf-8")
    yield server
    server.stop()


def _internal_urls(stand_ins):
    redis_port = int(django_settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0])
    return [
        f"http://127.0.0.1:{redis_port}/",
        f"http://127.0.0.1:{stand_ins['flower'].port}/",
        f"http://127.0.0.1:{stand_ins['site'].port}/readyz",
    ]


@pytest.fixture(params=["bare-host", "host-and-feed-port"])
def allowlist(request, settings, local_feed):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"] if request.param == "bare-host" else [f"127.0.0.1:{local_feed.port}"]
    return settings.OUTBOUND_ALLOWED_HOSTS


def test_feeds_to_other_ports_of_an_allowed_host_are_422(auth_client, allowlist, stand_ins):
    for url in _internal_urls(stand_ins):
        response = auth_client.post("/api/feeds", {"url": url}, format="json")
        assert response.status_code == 422, (url, response.json())
        assert response.json()["error"]["code"] == "url_not_allowed"
    assert not Feed.objects.exists()


def test_pastes_of_other_ports_of_an_allowed_host_are_422_and_fetch_nothing(auth_client, allowlist, stand_ins):
    for url in _internal_urls(stand_ins):
        response = auth_client.post("/api/jobs/paste", {"url": url}, format="json")
        assert response.status_code == 422, (url, response.json())
        assert response.json()["error"]["code"] == "url_not_allowed"
    assert not Job.objects.exists()
    assert stand_ins["flower"].total_hits == stand_ins["site"].total_hits == 0


def test_a_stored_feed_pointing_at_redis_fails_its_fetch_and_stores_nothing(user, allowlist, stand_ins):
    for url in _internal_urls(stand_ins):
        feed = Feed.objects.create(owner=user, url=url)  # a row from before the allowlist was tightened
        summary = services.ingest_feed(feed_id=feed.pk)
        assert summary["status"] == "failed" and summary["error"]["code"] == "url_not_allowed", summary
    assert not Job.objects.exists()
    assert stand_ins["flower"].total_hits == stand_ins["site"].total_hits == 0


def test_the_allowed_host_and_port_still_work(auth_client, settings, local_feed):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{local_feed.port}"]
    created = auth_client.post("/api/feeds", {"url": f"http://127.0.0.1:{local_feed.port}/jobs.rss"}, format="json")
    assert created.status_code == 201, created.json()
    assert services.ingest_feed(feed_id=created.json()["id"])["status"] == "ok"
    pasted = auth_client.post("/api/jobs/paste", {"url": f"http://127.0.0.1:{local_feed.port}/posting"}, format="json")
    assert pasted.status_code == 201, pasted.json()
    assert pasted.json()["title"] == "Data Engineer"
