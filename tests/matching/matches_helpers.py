"""Small builders for the match tests: postings and profiles with the fields the engine reads."""

import hashlib
import itertools

import pytest

from django.utils import timezone

from tests.factories import JobFactory, ProfileFactory

_counter = itertools.count()

PYTHON_POSTING = (
    "We build APIs in Python and Django on PostgreSQL.\n"
    "Requirements: Python, Django, PostgreSQL, REST APIs.\nNice to have: Docker."
)
NURSE_POSTING = "Registered nurse for the night shift in a busy ward. Patient care, medication rounds."


def make_job(title="Backend Engineer", company="Acme", description=PYTHON_POSTING, **fields):
    n = next(_counter)
    values = {
        "title": title, "company": company, "description_text": description,
        "description_html": f"<p>{description}</p>", "remote_type": "remote", "posted_at": timezone.now(),
        "content_hash": hashlib.sha256(f"{title}|{company}|{description}|{n}".encode()).hexdigest(),
    }
    values.update(fields)
    return JobFactory(**values)


def make_profile(owner, **fields):
    values = {
        "headline": "Backend engineer (Python, Django)",
        "summary": "Eight years building web APIs with Python, Django and PostgreSQL.",
        "skills": [{"name": "Python"}, {"name": "Django"}, {"name": "PostgreSQL"}, {"name": "REST"}],
        "target_titles": ["Backend Engineer"],
        "experience": [{"title": "Senior Backend Engineer", "company": "Prev", "bullets": ["Built Django APIs"]}],
        "remote_preference": "remote",
    }
    values.update(fields)
    return ProfileFactory(owner=owner, **values)


@pytest.fixture(autouse=True)
def match_index_dir(settings, tmp_path):
    """Each test gets its own index directory and a cold in-memory cache."""
    from matching import index_cache

    settings.MATCH_INDEX_DIR = tmp_path / "matching"
    index_cache.forget_memory()
    yield settings.MATCH_INDEX_DIR
    index_cache.forget_memory()
