"""Pasted postings and uploaded feed files, through the HTTP API as the attack used them (two users)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from jobly import background
from jobly.models import BackgroundJob
from matching.models import FeedUpload, Job
from tests.factories import FeedFactory, UserFactory
from tests.matching.feeds import item, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    client = APIClient()
    client.force_authenticate(UserFactory(username="alice"))
    return client


@pytest.fixture
def bob():
    client = APIClient()
    client.force_authenticate(UserFactory(username="bob"))
    return client


def paste(client, **body):
    response = client.post("/api/jobs/paste", body, format="json")
    assert response.status_code in (200, 201), response.json()
    return response


def test_a_paste_with_the_same_url_never_overwrites_another_users_private_posting(alice, bob):
    bobs = paste(bob, text="Backend engineer\nBob's private notes: Python and Django.",
                 url="https://jobs.example.com/42").json()
    alices = paste(alice, text="Backend engineer\nAlice's different text about Rust.",
                   url="https://jobs.example.com/42?utm_source=mail")
    assert alices.status_code == 201 and alices.json()["id"] != bobs["id"]
    stored = Job.objects.get(pk=bobs["id"])
    assert "Bob's private notes" in stored.description_text and stored.submitted_by.username == "bob"
    assert bob.get(f"/api/jobs/{alices.json()['id']}").status_code == 404
    assert alice.get(f"/api/jobs/{bobs['id']}").status_code == 404


def test_identical_pastes_by_two_users_stay_two_private_postings(alice, bob):
    text = "Data engineer\nWe use Python and Airflow."
    first, second = paste(bob, text=text).json(), paste(alice, text=text).json()
    assert first["id"] != second["id"]
    assert set(Job.objects.values_list("submitted_by__username", flat=True)) == {"alice", "bob"}
    assert paste(alice, text=text).status_code == 200  # the same user again: their own row


def test_a_paste_never_rewrites_a_public_posting(alice, user):
    feed = FeedFactory(owner=user)
    public = Job.objects.create(title="Platform engineer", description_text="The feed's own text.",
                                canonical_url="https://jobs.example.com/7", content_hash="a" * 64, origin_feed=feed)
    response = paste(alice, text="Platform engineer\nAlice's rewrite.", url="https://jobs.example.com/7")
    public.refresh_from_db()
    assert public.description_text == "The feed's own text." and public.submitted_by is None
    assert response.json()["id"] != public.pk
    assert Job.objects.get(pk=response.json()["id"]).submitted_by.username == "alice"


def test_a_paste_of_a_public_postings_exact_text_returns_it_unchanged(alice):
    from matching.ingest.normalise import normalise
    from matching.ingest.parse import RawEntry
    from matching.services.upsert import upsert_postings

    # The entry a paste of "SRE\nOn call." makes, brought first by a feed.
    posting = normalise(RawEntry(title="SRE", description_html="<p>SRE<br>On call.</p>"), source="paste")
    upsert_postings(postings=[posting])
    public = Job.objects.get()
    response = paste(alice, text="SRE\nOn call.")
    assert response.status_code == 200 and response.json()["id"] == public.pk
    public.refresh_from_db()
    assert public.submitted_by is None and Job.objects.count() == 1


def upload(client, name, body):
    response = client.post("/api/feeds/import", {"file": SimpleUploadedFile(name, body)}, format="multipart")
    assert response.status_code == 202, response.json()
    return response.json()


BOMB = (
    '<!DOCTYPE rss\n[\n  <!ENTITY\n     big\n  "' + "A" * 100_000 + '"\n  >\n]\n>\n'
)


def test_an_entity_bomb_upload_answers_at_once_and_the_worker_stores_nothing_expanded(alice):
    body = rss([item("Acme: Engineer &big;", description="&big;" * 10_000)], doctype=BOMB)
    started = time.monotonic()
    accepted = upload(alice, "bomb.xml", body)
    assert time.monotonic() - started < 10  # a give-up deadline: the request parses nothing
    assert FeedUpload.objects.get().content and not Job.objects.exists()
    started = time.monotonic()
    background.run(accepted["job_id"])
    assert time.monotonic() - started < 30
    job = BackgroundJob.objects.get(pk=accepted["job_id"])
    assert job.status in ("succeeded", "failed")
    stored = " ".join(" ".join(row) for row in Job.objects.values_list("title", "description_text", "description_html"))
    assert "AAAAAAAAAA" not in stored


def test_an_uploaded_feed_is_private_to_its_uploader(alice, bob):
    accepted = upload(alice, "feed.xml", rss([item("Acme: Engineer", link="https://example.com/jobs/9")]))
    background.run(accepted["job_id"])
    job = Job.objects.get()
    assert job.submitted_by.username == "alice" and job.source == "upload"
    assert bob.get(f"/api/jobs/{job.pk}").status_code == 404
    assert BackgroundJob.objects.get(pk=accepted["job_id"]).result["counts"]["new"] == 1
    assert FeedUpload.objects.get().content == b""  # the bytes are dropped once read
