import pytest

from jobly.profiles.resume.dates import find_date_range, parse_date


@pytest.mark.parametrize(
    ("line", "start", "end", "current"),
    [
        ("Jan 2020 – Present", "2020-01", "", True),
        ("January 2000 to Present", "2000-01", "", True),
        ("2019-03 - 2021-06", "2019-03", "2021-06", False),
        ("03/2019 - 06/2021", "2019-03", "2021-06", False),
        ("Acme Corp    Oct 2022 - Dec 2022", "2022-10", "2022-12", False),
        ("DEC 2022 - MAR 2023", "2022-12", "2023-03", False),
        ("August 2010 to May 2017 BE Electronics", "2010-08", "2017-05", False),
        ("2015 – 2018", "2015", "2018", False),
        ("Sept. 2019 – current", "2019-09", "", True),
        ("May 2017 till date", "2017-05", "", True),
        ("Nov 2022 - Jul 2025 / Mumbai, IN", "2022-11", "2025-07", False),
    ],
)
def test_find_date_range_reads_common_resume_formats(line, start, end, current):
    found = find_date_range(line)
    assert (found.start, found.end, found.current) == (start, end, current)


@pytest.mark.parametrize("line", ["Managed a team of 15 people", "Phone 9867043783", "Version 1.2 - 3.4", "Room 2019A"])
def test_lines_without_a_range_have_none(line):
    assert find_date_range(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Jan 2020", "2020-01"), ("2019-03", "2019-03"), ("3/2019", "2019-03"), ("2001", "2001"), ("Jun '21", "2021-06"), ("soon", "")],
)
def test_parse_date_gives_iso_partial_dates(text, expected):
    assert parse_date(text) == expected
