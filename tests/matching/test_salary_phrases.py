"""The salary phrase table (tests/data/matching/salary_phrases.csv): no false positive, every true one found.

Add a row for every salary the parser got wrong; "none" means the text states no salary.
"""

import csv
from pathlib import Path

import pytest

from matching.ingest.salary import parse_salary

TABLE = Path(__file__).resolve().parent.parent / "data" / "matching" / "salary_phrases.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


def _described(salary):
    return "none" if salary is None else f"{salary.minimum}-{salary.maximum} {salary.currency} {salary.period}"


@pytest.mark.parametrize("row", ROWS, ids=[row["phrase"][:40] for row in ROWS])
def test_salary_phrase_table(row):
    assert _described(parse_salary(row["phrase"])) == row["expected"]


def test_the_table_has_both_kinds_of_rows():
    expected = [row["expected"] for row in ROWS]
    assert expected.count("none") >= 15 and len(expected) - expected.count("none") >= 8
