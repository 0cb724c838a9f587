"""Automatic triggers end to end: an ingestion (feed entries or a paste) queues an incremental match run
whose handler scores exactly those postings; an unchanged re-fetch queues nothing."""

import pytest

from jobly import background
from jobly.models import BackgroundJob
from matching.services import ingest, submissions
from matching.ingest.parse import RawEntry
from matching.models import Match
from tests.matching.matches_helpers import PYTHON_POSTING, make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db

ENTRIES = [
    RawEntry(title="Backend Engineer", company="Acme", description_html=f"<p>{PYTHON_POSTING}</p>",
             url="https://jobs.example.com/1", guid="1"),
    RawEntry(title="Data Engineer", company="Beta", description_html="<p>Spark, SQL and Python pipelines.</p>",
             url="https://jobs.example.com/2", guid="2"),
]


def recompute_jobs():
    return BackgroundJob.objects.filter(type="matches.recompute")


def test_ingesting_entries_queues_and_runs_an_incremental_recompute(user, other_user, django_capture_on_commit_callbacks):
    mine, theirs = make_profile(user), make_profile(other_user)
    with django_capture_on_commit_callbacks(execute=True):
        summary = ingest.ingest_entries(entries=ENTRIES, source="example")
    assert summary["counts"]["new"] == 2
    assert sorted(recompute_jobs().values_list("owner_id", flat=True)) == sorted([user.pk, other_user.pk])
    assert all(job.params["posting_ids"] == sorted(summary["posting_ids"]) for job in recompute_jobs())

    job = recompute_jobs().get(owner=user)
    background.run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert Match.objects.filter(profile=mine).count() == 2
    assert not Match.objects.filter(profile=theirs).exists()  # their own job has not run yet

    # The same feed again, unchanged: nothing new, no match run queued.
    recompute_jobs().update(status="succeeded")
    with django_capture_on_commit_callbacks(execute=True):
        again = ingest.ingest_entries(entries=ENTRIES, source="example")
    assert again["counts"]["unchanged"] == 2
    assert not recompute_jobs().exclude(status="succeeded").exists()


def test_a_pasted_posting_is_matched_only_for_its_owner(user, other_user, django_capture_on_commit_callbacks):
    make_profile(user)
    make_profile(other_user)
    with django_capture_on_commit_callbacks(execute=True):
        job, created = submissions.add_pasted_posting(user=user, text="Backend Engineer\n\n" + PYTHON_POSTING)
    assert created
    assert list(recompute_jobs().values_list("owner_id", flat=True)) == [user.pk]
    assert recompute_jobs().get().params == {"profile_ids": None, "posting_ids": [job.pk]}


def test_editing_a_profile_publishes_profile_updated_and_queues_its_full_recompute(user, django_capture_on_commit_callbacks):
    from jobly.models import BackgroundJob, Event
    from jobly.profiles.services import update_profile

    profile = make_profile(user)
    BackgroundJob.objects.filter(type="matches.recompute").delete()
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(profile=profile, headline="Staff backend engineer")
    event = Event.objects.filter(owner=user, type="profile.updated").latest("id")
    assert event.data["profile_id"] == profile.pk
    job = BackgroundJob.objects.get(owner=user, type="matches.recompute")
    assert job.params["profile_ids"] == [profile.pk]
