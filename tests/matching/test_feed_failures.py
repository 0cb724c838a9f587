"""Bad input (RELIABILITY.md catalogue §c.1): each case ends as a recorded feed failure or a
cleaned posting, never an unhandled error, never a request to a private address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.models import Event
from matching.services import ingest as ingestion
from matching.models import Feed, Job
from tests.matching.feeds import item, rss
from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db


def feed_for(user, url):
    return FeedFactory(owner=user, url=url, fetch_interval_minutes=60)


def ingest(user, feed_server, body, content_type="application/rss+xml", **route):
    feed_server.add("/feed", body, content_type=content_type, **route)
    feed = feed_for(user, feed_server.url("/feed"))
    return feed, ingestion.ingest_feed(feed_id=feed.pk)


def all_stored_text():
    return " ".join(
        " ".join(str(value) for value in row)
        for row in Job.objects.values_list("title", "company", "location", "description_html", "description_text")
    ) + " ".join(" ".join(row) for row in Feed.objects.values_list("title", "last_error_message"))


@pytest.mark.parametrize(
    "body, content_type, code",
    [
        (b"<!DOCTYPE html><html><head><title>Jobs</title></head><body><p>Hello</p></body></html>", "text/html", "not_a_feed"),
        (b"", "application/rss+xml", "empty_feed"),
        (b"just some words, no markup", "text/plain", "not_a_feed"),
        (b'{"hello": "world"}', "application/json", "not_a_feed"),
        (b"[1, 2", "application/json", "malformed_feed"),
    ],
)
def test_documents_that_are_not_feeds_are_recorded_failures(user, feed_server, body, content_type, code):
    feed, summary = ingest(user, feed_server, body, content_type)
    assert summary["status"] == "failed"
    assert summary["error"]["code"] == code
    feed.refresh_from_db()
    assert feed.last_error_code == code
    assert feed.consecutive_failures == 1
    assert Event.objects.filter(owner=user, type="feed.failed", data__code=code).count() == 1


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_recorded_with_their_status(user, feed_server, status):
    feed, summary = ingest(user, feed_server, b"nope", "text/plain", status=status, etag=False)
    assert summary["error"]["code"] == f"http_{status}"


def test_truncated_xml_keeps_what_it_can_or_fails_cleanly(user, feed_server):
    body = rss([item("Acme: Engineer"), item("Beta: Designer", link="https://example.com/2")])[:-60]
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    if summary["status"] == "failed":
        assert summary["error"]["code"] == "malformed_feed"
    else:
        assert Job.objects.filter(company="Acme").exists()


def test_huge_feed_is_cut_at_the_size_limit(user, feed_server, settings):
    settings.FEED_MAX_BYTES = 1024 * 1024
    feed, summary = ingest(user, feed_server, b"", mode="endless")
    assert summary["error"]["code"] == "too_large"


def test_slow_drip_feed_times_out(user, feed_server, settings):
    settings.FEED_FETCH_TIMEOUT = 1.5
    feed, summary = ingest(user, feed_server, b"", mode="slow")
    assert summary["error"]["code"] == "timeout"
    feed.refresh_from_db()
    assert feed.last_error_code == "timeout"


@pytest.mark.parametrize("status", [302, 307])
def test_redirect_to_a_private_address_is_refused_and_the_canary_sees_nothing(user, feed_server, canary, status):
    feed, summary = ingest(user, feed_server, b"", mode="redirect", status=status, location=f"http://127.0.0.1:{canary.port}/feed")
    assert summary["error"]["code"] == "url_not_allowed"
    assert canary.total_hits == 0


def test_billion_laughs_is_not_expanded(user, feed_server):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % ("" if n == 1 else n - 1)) * 10}">' for n in range(1, 10)
    )
    doctype = f"<!DOCTYPE rss [\n{entities}\n]>"
    body = rss([item("Acme: &lol9;")], doctype=doctype)
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    assert "lollollollol" not in all_stored_text()


def test_xxe_file_entity_does_not_read_local_files(user, feed_server):
    doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = rss([item("Acme: &xxe; Engineer", description="&xxe;")], doctype=doctype)
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    assert "root:" not in all_stored_text()


def test_xxe_http_and_parameter_entities_never_call_out(user, feed_server, canary):
    doctype = (
        f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "http://localhost:{canary.port}/x">'
        f'<!ENTITY % p SYSTEM "http://localhost:{canary.port}/p"> %p;]>'
    )
    body = rss([item("Acme: &ext; Engineer")], doctype=doctype)
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    assert canary.total_hits == 0
    assert "canary" not in all_stored_text()


@pytest.mark.parametrize("reference", ["&#x110000;", "&#1114112;", "&#99999999999999999999;"])
def test_out_of_range_character_references_are_a_recorded_failure(user, feed_server, reference):
    """Regression: feedparser raised ValueError on `&#x110000;` in a title (found by the fuzz test)."""
    feed, summary = ingest(user, feed_server, rss([item("Acme: Engineer")], title=f"{reference}Jobs"))
    assert summary["status"] in ("ok", "failed")
    if summary["status"] == "failed":
        assert summary["error"]["code"] == "malformed_feed"


def test_external_dtd_pointing_at_dev_zero_is_not_read(user, feed_server):
    body = rss([item("Acme: Engineer")], doctype='<!DOCTYPE rss SYSTEM "file:///dev/zero">')
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] == "ok"


def test_script_and_handlers_in_descriptions_are_removed(user, feed_server):
    hostile = (
        "&lt;p onclick=\"alert(1)\"&gt;Hello&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
        "&lt;img src=x onerror=alert(3)&gt;&lt;svg onload=alert(4)&gt;&lt;/svg&gt;"
        "&lt;a href=\"javascript:alert(5)\"&gt;apply&lt;/a&gt;&lt;iframe src=\"https://evil.example\"&gt;&lt;/iframe&gt;"
    )
    body = rss([item("Acme: Engineer", link="javascript:alert(6)", description=hostile)])
    feed, summary = ingest(user, feed_server, body)
    job = Job.objects.get()
    html = job.description_html.lower()
    for marker in ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe", "<svg", "alert(2)"):
        assert marker not in html, marker
    assert "Hello" in job.description_text
    assert job.canonical_url == ""


def test_absurd_dates_are_dropped_not_stored(user, feed_server):
    body = rss([
        item("Acme: Far future", link="https://example.com/1", pub_date="Fri, 31 Dec 9999 23:59:59 +0000"),
        item("Acme: Long ago", link="https://example.com/2", pub_date="Mon, 01 Jan 1900 00:00:00 +0000"),
        item("Acme: Nonsense", link="https://example.com/3", pub_date="the day after tomorrow"),
        item("Acme: Fine", link="https://example.com/4", pub_date="Mon, 07 Nov 2022 16:20:50 +0000"),
    ])
    feed, summary = ingest(user, feed_server, body)
    assert summary["counts"]["new"] == 4
    dates = dict(Job.objects.values_list("title", "posted_at"))
    assert dates["Far future"] is None and dates["Long ago"] is None and dates["Nonsense"] is None
    assert dates["Fine"].year == 2022


def test_nul_bytes_and_control_characters_are_stripped(user, feed_server):
    body = rss([item("Acme: Engi\x00neer\x07", description="Text\x00with NUL")]).replace(b"\x00", b"&#0;")
    body = body.replace(b"Engi&#0;neer", b"Engi\x00neer")
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    for job in Job.objects.all():
        assert "\x00" not in job.title + job.description_text + job.description_html


@pytest.mark.parametrize(
    "body",
    [
        rss([item("Café: Barista")]).replace(b'encoding="UTF-8"', b'encoding="utf-16"'),
        rss([item("Caf\xe9: Barista")]).replace(b"Caf\\xe9", b"Caf\xe9"),
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title><item><title>Bad \xff\xfe bytes: here</title><link>https://example.com/x</link></item></channel></rss>',
    ],
    ids=["utf16-declared-utf8-bytes", "latin1-bytes", "invalid-utf8"],
)
def test_wrong_encodings_never_raise(user, feed_server, body):
    feed, summary = ingest(user, feed_server, body)
    assert summary["status"] in ("ok", "failed")
    if summary["status"] == "failed":
        assert summary["error"]["code"] in ("malformed_feed", "not_a_feed")


def test_permanent_failures_back_off_exponentially_then_disable_the_feed(user, feed_server, settings):
    settings.FEED_MAX_CONSECUTIVE_FAILURES = 3
    feed_server.add("/gone", b"gone", status=404, content_type="text/plain", etag=False)
    feed = feed_for(user, feed_server.url("/gone"))
    waits = []
    for _ in range(3):
        before = timezone.now()
        ingestion.ingest_feed(feed_id=feed.pk)
        feed.refresh_from_db()
        waits.append(feed.next_fetch_at - before)
    assert waits[0] >= timedelta(minutes=119) and waits[1] >= timedelta(minutes=239)
    assert feed.consecutive_failures == 3
    assert feed.enabled is False
    assert "3 failures" in feed.disabled_reason
    events = Event.objects.filter(owner=user, type="feed.failed").order_by("id")
    assert events.count() == 3
    assert events.last().data["disabled"] is True


def test_server_errors_are_retried_soon_three_times_then_back_off(user, feed_server):
    feed_server.add("/down", b"down", status=500, content_type="text/plain", etag=False)
    feed = feed_for(user, feed_server.url("/down"))
    waits = []
    for _ in range(4):
        before = timezone.now()
        ingestion.ingest_feed(feed_id=feed.pk)
        feed.refresh_from_db()
        waits.append(round((feed.next_fetch_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 60 * 2 ** 4]
    assert feed.enabled is True and feed.last_error_code == "http_500"


def test_a_success_resets_the_failure_count(user, feed_server):
    feed_server.add("/f", b"down", status=503, content_type="text/plain", etag=False)
    feed = feed_for(user, feed_server.url("/f"))
    ingestion.ingest_feed(feed_id=feed.pk)
    feed_server.add("/f", rss([item("Acme: Engineer")]))
    ingestion.ingest_feed(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0
    assert feed.last_error_code == ""
    assert feed.health == "ok"
