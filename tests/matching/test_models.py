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
