"""Exports: CSV cells that would run as formulas are neutralised (RELIABILITY A8), JSON round-trips."""

import csv
import io
import json

import pytest

from tests.factories import ActivityFactory, ApplicationFactory, UserFactory
from tracking.exports import csv_lines, json_chunks, neutralise

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1", "\r=1", "\0=1", "＝1",
           "＋1", "－1", "＠1"]
HARMLESS = ["Acme GmbH", "2 + 3 = 5", "a=b", "Backend engineer (Python)", "", "'quoted"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_cells_get_a_leading_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", HARMLESS)
def test_other_cells_are_unchanged(cell):
    assert neutralise(cell) == cell


def _parse(lines):
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_the_applications_csv_neutralises_every_hostile_field_and_keeps_the_rest(user):
    stored = [value for value in HOSTILE if "\0" not in value]  # PostgreSQL text holds no NUL (forms and API refuse it)
    for index, value in enumerate(stored):
        ApplicationFactory(owner=user, title=value, company="Acme", notes=value, source=f"s{index}")
    rows = _parse(csv_lines(user, "applications"))
    assert len(rows) == len(stored)
    for row, value in zip(rows, stored):
        assert row["title"] == row["notes"] == "'" + value
        assert row["company"] == "Acme" and row["status"] == "saved"


def test_the_activity_csv_lists_only_the_users_own_entries(user):
    mine = ActivityFactory(application=ApplicationFactory(owner=user), text="=1+1")
    ActivityFactory(application=ApplicationFactory(owner=UserFactory()), text="their secret note")
    rows = _parse(csv_lines(user, "activity"))
    assert [row["id"] for row in rows] == [str(mine.pk)]
    assert rows[0]["text"] == "'=1+1"


def test_the_json_export_is_valid_json_with_every_row(user):
    for _ in range(3):
        ApplicationFactory(owner=user, contacts=[{"name": "Ada", "role": "Recruiter", "email": "", "link": ""}])
    ApplicationFactory(owner=UserFactory())
    body = json.loads("".join(json_chunks(user, "applications")))
    assert body["kind"] == "applications" and len(body["rows"]) == 3
    assert body["rows"][0]["contacts"][0]["name"] == "Ada"
    assert body["rows"][0]["title"] == "Backend Engineer"  # JSON is data, not a spreadsheet: no apostrophes
