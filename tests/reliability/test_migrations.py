"""Migrations are complete and safe to run against live data (RELIABILITY.md row 18)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_migrations_pass_the_backward_compatibility_linter(capsys):
    try:
        call_command("lintmigrations", "--no-cache")
    except SystemExit:
        pytest.fail(f"lintmigrations found unsafe operations:\n{capsys.readouterr().out}")
    assert "Erroneous migrations: 0/" in capsys.readouterr().out
