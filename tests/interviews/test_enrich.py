"""Enrichment by a model writer (a real local server speaking the OpenAI chat API): a STAR story's
spoken opening is kept only when the guard finds nothing its bullet does not say."""

import json

import pytest

from interviews.models import InterviewPrep
from interviews.services.enrich import enrich_stories
from interviews.services.generate import generate_prep, start_generation
from interviews.services.snapshots import snapshot_of_profile
from jobly.writers import EmbeddedWriter
from jobly.writers.openai_chat import ChatClient, OpenAIChatWriter
from tests.servers.openai_server import OpenAIServer

pytestmark = pytest.mark.django_db
FAITHFUL = "At Northwind Analytics I migrated the billing service from cron jobs to Celery."


def _answer(body):
    """Faithful for the Celery story; a made-up figure for every other story."""
    payload = "\n".join(message["content"] for message in body["messages"])
    if "Celery" in payload:
        return json.dumps({"opening": FAITHFUL})
    return json.dumps({"opening": "I led this work and it saved the company 75% of its costs."})


def _writer(server):
    return OpenAIChatWriter(ChatClient(base_url=server.url, model="test-model", api_key="", timeout=5.0, max_retries=0,
                                       backoff_base=0.01, backoff_max=0.05, cache_seconds=0, sleep=lambda _: None),
                            fallback=None)


def _content_with_the_celery_story(db_profile, posting_job):
    prep, _, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    generate_prep(prep_id=prep.pk, writer=EmbeddedWriter())
    content = InterviewPrep.objects.get(pk=prep.pk).content
    assert any("Celery" in (item["star"] or {}).get("bullet_text", "") for item in content["behavioural"])
    return content


def test_the_embedded_writer_adds_nothing(db_profile, posting_job):
    content = _content_with_the_celery_story(db_profile, posting_job)
    assert enrich_stories(content, profile=snapshot_of_profile(db_profile), writer=EmbeddedWriter()) == ""
    assert not any("spoken" in (item["star"] or {}) for item in content["behavioural"])


def test_a_faithful_opening_is_kept_and_one_with_a_new_figure_is_dropped(db_profile, posting_job):
    content = _content_with_the_celery_story(db_profile, posting_job)
    with OpenAIServer(responder=_answer) as server:
        name = enrich_stories(content, profile=snapshot_of_profile(db_profile), writer=_writer(server))
    assert name.startswith("openai")
    stars = [item["star"] for item in content["behavioural"] if item["star"]]
    kept = [star for star in stars if "spoken" in star]
    assert [star["spoken"]["text"] for star in kept] == [FAITHFUL]
    assert "Celery" in kept[0]["bullet_text"]
    assert len(content["writer_notes"]) >= len(stars) - 1 and all("rejected" in note for note in content["writer_notes"])
    assert any("75" in note for note in content["writer_notes"])


def test_a_failing_server_keeps_the_outlines_with_a_note(db_profile, posting_job):
    content = _content_with_the_celery_story(db_profile, posting_job)
    before = json.dumps(content["behavioural"], sort_keys=True)
    with OpenAIServer() as server:  # no script: every call answers 500
        enrich_stories(content, profile=snapshot_of_profile(db_profile), writer=_writer(server))
    assert json.dumps(content["behavioural"], sort_keys=True) == before
    assert content["writer_notes"] and all("writer failed" in note for note in content["writer_notes"])
