"""Fixtures for the interview-prep tests: the bank, a fictional profile, real postings as snapshots."""

import csv
from html import escape
from pathlib import Path

import pytest
import yaml

from interviews.bank import load_bank
from interviews.planning import posting_snapshot, profile_snapshot
from matching.ingest.normalise import SkipEntry, html_to_text, normalise
from matching.ingest.parse import parse_document

DATA = Path(__file__).resolve().parents[1] / "data"
FEEDS = ("wwr-2022-11-remote-back-end-programming-jobs.rss", "remoteok-api-2026-03.json")


def google_description_text(row):
    """The text ingestion makes of a Google posting served as the demo feed serves it (h3 sections)."""
    html = "".join(
        f"<h3>{heading}</h3><p>{escape(row[column]).replace(chr(10), '<br>')}</p>"
        for heading, column in (("Responsibilities", "Responsibilities"),
                                ("Minimum qualifications", "Minimum Qualifications"),
                                ("Preferred qualifications", "Preferred Qualifications"))
    )
    return html_to_text(html)


def load_google_rows():
    with open(DATA / "interviews" / "postings.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture(scope="session")
def profile_data():
    return yaml.safe_load((DATA / "interviews" / "profile.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def profile(profile_data):
    return profile_snapshot(**profile_data)


@pytest.fixture(scope="session")
def google_rows():
    return load_google_rows()


@pytest.fixture(scope="session")
def google_postings(google_rows):
    return [
        posting_snapshot(title=row["Title"], company=row["Company"], description_text=google_description_text(row),
                         location=row["Location"], remote_type="onsite")
        for row in google_rows
    ]


@pytest.fixture(scope="session")
def board_postings():
    """Real job-board postings (We Work Remotely, Remote OK) normalised as ingestion does."""
    from jobly.skills import extract_skills

    found = []
    for name in FEEDS:
        for entry in parse_document((DATA / "feeds" / name).read_bytes(), max_bytes=10_000_000).entries[:25]:
            try:
                posting = normalise(entry, default_source="file", extract_skills=extract_skills)
            except SkipEntry:
                continue
            found.append(posting_snapshot(title=posting.title, company=posting.company,
                                          description_text=posting.description_text, skills=posting.skills,
                                          location=posting.location, remote_type=posting.remote_type,
                                          seniority=posting.seniority))
    return found


@pytest.fixture(scope="session")
def all_postings(google_postings, board_postings):
    return [*google_postings, *board_postings]


POSTING_TEXT = """Backend Engineer at Example Shipping

Responsibilities
Design and run the Python services behind our booking API.
Operate our services on Kubernetes and improve their reliability.
Work with product managers and mentor other engineers.

Requirements
5+ years of Python.
Experience with Kubernetes and Go.
Strong PostgreSQL skills.

Nice to have
Terraform."""


@pytest.fixture
def db_profile(user, profile_data):
    """The fictional candidate of profile.yaml as a saved Profile of `user`."""
    from tests.factories import ProfileFactory

    return ProfileFactory(owner=user, is_default=True, name="Backend", headline=profile_data["headline"],
                          seniority=profile_data["seniority"], skills=profile_data["skills"],
                          languages=profile_data["languages"], experience=profile_data["experience"])


@pytest.fixture
def posting_job(db):
    """A shared posting whose matching split says Python, Kubernetes, Go and PostgreSQL are required."""
    from tests.factories import JobFactory

    return JobFactory(title="Backend Engineer", company="Example Shipping", description_text=POSTING_TEXT,
                      location="Rotterdam", remote_type="hybrid", skills=["Python", "Kubernetes", "Go", "PostgreSQL", "Terraform"],
                      required_skills=["Python", "Kubernetes", "Go", "PostgreSQL"], preferred_skills=["Terraform"])


@pytest.fixture
def ready_prep(db_profile, posting_job):
    """A generated prep (the service run in-process, as the worker runs it)."""
    from interviews.services.generate import generate_prep, start_generation

    from jobly.models import BackgroundJob

    prep, job, _ = start_generation(user=db_profile.owner, job_id=posting_job.pk)
    generate_prep(prep_id=prep.pk, background_job_id=job.pk)
    BackgroundJob.objects.filter(pk=job.pk).update(status="succeeded", progress=100)  # as the runner ends it
    prep.refresh_from_db()
    return prep
