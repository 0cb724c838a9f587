"""Every way a URL comes in (feeds API, paste API, feeds page, paste page, OPML import) refuses the
same URLs with the same code, never a 500, and stores an IDN host in punycode."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobly import background
from jobly.models import BackgroundJob
from matching.models import Feed, Job

pytestmark = pytest.mark.django_db

TOO_LONG = "https://example.com/" + "a" * 1990  # 2,010 characters: over the one 2,000 limit
REFUSED = [
    ("http://2130706433/", "url_not_allowed"),
    ("http://0x7f.1/", "url_not_allowed"),
    ("http://017700000001/", "url_not_allowed"),
    (TOO_LONG, "url_too_long"),
    ("https://example.com/" + "é" * 700, "url_too_long"),  # short as typed, over the limit once encoded
]


@pytest.mark.parametrize("url, code", REFUSED)
def test_the_api_refuses_a_feed_url_with_the_same_code_as_the_page(auth_client, logged_in_client, url, code):
    response = auth_client.post("/api/feeds", {"url": url, "title": "T"}, format="json")
    assert response.status_code == 422, response.json()
    body = response.json()["error"]
    assert body["code"] == code and "url" in body["details"]

    page = logged_in_client.post(reverse("matching:feeds"), {"url": url})
    assert page.status_code == 400
    assert body["message"] in page.content.decode().replace("&#x27;", "'")
    assert not Feed.objects.exists()


@pytest.mark.parametrize("url, code", REFUSED)
def test_a_pasted_url_is_refused_the_same_way_on_the_api_and_the_page(auth_client, logged_in_client, url, code):
    response = auth_client.post("/api/jobs/paste", {"url": url, "text": "Backend Engineer\n\nBuild things."}, format="json")
    assert response.status_code == 422, response.json()
    assert response.json()["error"]["code"] == code

    page = logged_in_client.post(reverse("matching:paste-job"), {"url": url, "text": "Backend Engineer"}, follow=True)
    assert page.status_code == 200
    assert response.json()["error"]["message"] in page.content.decode().replace("&#x27;", "'")
    assert not Job.objects.exists()


def test_opml_import_skips_refused_urls_with_their_codes(auth_client):
    outlines = "".join(f'<outline text="x" xmlUrl="{url}"/>' for url, _ in REFUSED)
    opml = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()
    response = auth_client.post("/api/feeds/import", {"file": SimpleUploadedFile("f.opml", opml)}, format="multipart")
    assert response.status_code == 202  # the file is read on the worker
    background.run(response.json()["job_id"])
    result = BackgroundJob.objects.get(pk=response.json()["job_id"]).result
    assert [row["code"] for row in result["skipped"]] == [code for _, code in REFUSED]
    assert not Feed.objects.exists()


def test_an_idn_feed_host_is_stored_and_returned_in_punycode(auth_client, logged_in_client, user):
    response = auth_client.post("/api/feeds", {"url": "https://bücher.example/stellen.rss"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["url"] == "https://xn--bcher-kva.example/stellen.rss"
    logged_in_client.post(reverse("matching:feeds"), {"url": "https://jobs.münchen.example/feed"})
    assert set(Feed.objects.filter(owner=user).values_list("url", flat=True)) == {
        "https://xn--bcher-kva.example/stellen.rss", "https://jobs.xn--mnchen-3ya.example/feed",
    }
