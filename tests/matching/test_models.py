"""Feed, Job and Match live in matching/models/ with the tables they always had: moving them changed no schema."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from matching.models import Feed, Job, Match


def test_models_keep_their_app_and_tables():
    assert [(model._meta.app_label, model._meta.db_table) for model in (Feed, Job, Match)] == [
        ("matching", "matching_feed"), ("matching", "matching_job"), ("matching", "matching_match"),
    ]
    assert {model.__name__ for model in apps.get_app_config("matching").get_models()} >= {"Feed", "Job", "Match"}


@pytest.mark.django_db
def test_matching_needs_no_new_migration():
    out = io.StringIO()
    call_command("makemigrations", "matching", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_match_rows_bulk_insert_through_values_and_keep_their_json():
    """Match's JSON fields take Django's VALUES path, not UNNEST arrays (matching/models/fields.py), on
    the suite's PostgreSQL; the documents come back as written, quotes and all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import JobFactory, ProfileFactory

    profile = ProfileFactory()
    reasons = {"summary": 'Strong fit: "Python", \\ and Zürich', "matched_skills": ["Python", 'C "sharp"']}
    rows = [Match(profile=profile, job=JobFactory(), score=score, reasons=reasons, components={"text": {"value": 0.5}})
            for score in (80.0, 70.0)]
    with CaptureQueriesContext(connection) as queries:
        Match.objects.bulk_create(rows)
    [insert] = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("INSERT")]
    assert "UNNEST" not in insert.upper()
    assert [match.reasons for match in Match.objects.filter(profile=profile)] == [reasons, reasons]
