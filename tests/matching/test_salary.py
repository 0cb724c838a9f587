"""Salary ranges as boards and employers write them; amounts that are not salaries stay None."""

import pytest

from matching.ingest.salary import Salary, parse_salary


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$120k–$150k", Salary(120000, 150000, "USD", "year")),
        ("$120-150k", Salary(120000, 150000, "USD", "year")),
        ("€60.000 - €75.000 a year", Salary(60000, 75000, "EUR", "year")),
        ("£45,000 per annum", Salary(45000, 45000, "GBP", "year")),
        ("Salary Range: $122,980.78 - $162,381.96 /year", Salary(122981, 162382, "USD", "year")),
        ("The salary range is between 60k - 90k CAD per annum.", Salary(60000, 90000, "CAD", "year")),
        ("The monthly salary will be $2500-4000 depending on experience", Salary(2500, 4000, "USD", "month")),
        ("Our engineers earn $5k - $10k / month.", Salary(5000, 10000, "USD", "month")),
        ("$40/hr", Salary(40, 40, "USD", "hour")),
        ("Pay: $25 - $35 per hour", Salary(25, 35, "USD", "hour")),
        ("Salary: CHF 100k", Salary(100000, 100000, "CHF", "year")),
        ("€ 50.000,00 per year", Salary(50000, 50000, "EUR", "year")),
    ],
)
def test_salaries_are_parsed(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We recently raised $25M in our Series A.",
        "transforming the $300B+ US telecom industry",
        "One-time $1,000 home office stipend",
        "Competitive pay rate: $315 per blog post",
        "401(k) plan with matching",
        "We work 9 to 5, Monday to Friday",
        "Founded in 2015, 50-100 employees",
        "",
    ],
)
def test_amounts_that_are_not_salaries_are_ignored(text):
    assert parse_salary(text) is None
