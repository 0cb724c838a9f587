"""Normalising entries: board title conventions, remote type, HTML cleaning, URLs, mojibake, hashes."""

import pytest

from matching.ingest.normalise import (
    canonical_url, compute_content_hash, detect_remote_type, fix_mojibake, html_to_text, normalise, sanitize_html,
    split_company_title, SkipEntry,
)
from matching.ingest.parse import RawEntry


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Madeo: Web Developer (Drupal or Wordpress)", ("Madeo", "Web Developer (Drupal or Wordpress)")),
        ("SystemOne, LLC: Windows Forms (C#) Engineer (REMOTE)", ("SystemOne, LLC", "Windows Forms (C#) Engineer (REMOTE)")),
        ("Senior Engineer at Acme", ("Acme", "Senior Engineer")),
        ("Acme is hiring a Data Engineer", ("Acme", "Data Engineer")),
        ("Backend Engineer | Beta Corp", ("Beta Corp", "Backend Engineer")),
        ("Just a title", ("", "Just a title")),
    ],
)
def test_company_and_title_are_split_by_board_conventions(title, expected):
    assert split_company_title(title) == expected


def test_a_given_company_is_not_overridden_by_the_title():
    assert split_company_title("Re: Senior Engineer", "Acme") == ("Acme", "Re: Senior Engineer")


@pytest.mark.parametrize(
    "title, location, hint, source, text, expected",
    [
        ("Engineer", "Berlin (Hybrid)", "", "", "", "hybrid"),
        ("Engineer", "London", "onsite", "", "", "onsite"),
        ("Engineer (Remote)", "", "", "", "", "remote"),
        ("Engineer", "", "Anywhere in the World", "", "", "remote"),
        ("Engineer", "", "", "weworkremotely.com", "", "remote"),
        ("Engineer", "Paris", "", "", "This is a hybrid role with 2 days in Paris.", "hybrid"),
        ("Engineer", "Paris", "", "", "We are a fully remote company.", "remote"),
        ("Engineer", "Paris", "", "", "Great team.", "unknown"),
        ("Remote Sensing Scientist", "", "", "", "", "unknown"),
    ],
)
def test_remote_type_detection(title, location, hint, source, text, expected):
    assert detect_remote_type(title=title, location=location, hint=hint, source=source, description_text=text) == expected


def test_sanitize_keeps_structure_and_removes_executable_markup():
    html = sanitize_html('<h2 onclick="x()">Role</h2><ul><li>Python</li></ul><script>alert(1)</script>'
                         '<a href="javascript:alert(1)">x</a><a href="https://example.com">apply</a><style>p{}</style>')
    assert "<h2>Role</h2>" in html and "<li>Python</li>" in html
    assert "script" not in html and "onclick" not in html and "javascript" not in html and "<style" not in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_plain_text_keeps_line_breaks_between_blocks():
    assert html_to_text("<p>One</p><p>Two &amp; three</p><ul><li>a</li><li>b</li></ul>") == "One\nTwo & three\na\nb"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTPS://Example.COM/jobs/1?utm_source=rss&id=7#apply", "https://example.com/jobs/1?id=7"),
        ("http://example.com:80", "http://example.com/"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("ftp://example.com/x", ""),
        ("", ""),
    ],
)
def test_canonical_urls(url, expected):
    assert canonical_url(url) == expected


def test_mojibake_is_repaired_only_when_it_round_trips():
    assert fix_mojibake("Gda\u00c5\u0084sk") == "Gdańsk"
    assert fix_mojibake("It\u00e2\u0080\u0099s great") == "It\u2019s great"
    assert fix_mojibake("Zürich and São Paulo") == "Zürich and São Paulo"


def test_content_hash_ignores_case_and_whitespace_but_not_content():
    one = compute_content_hash(title="Engineer", company="Acme", location="", description_text="Hello  world", canonical_url="")
    two = compute_content_hash(title="engineer ", company="ACME", location="", description_text="hello world", canonical_url="")
    three = compute_content_hash(title="Engineer", company="Acme", location="", description_text="Hello there", canonical_url="")
    assert one == two != three


def test_entry_without_a_title_is_skipped_with_a_reason():
    with pytest.raises(SkipEntry) as skipped:
        normalise(RawEntry(title="  ", description_html="<p>x</p>"))
    assert skipped.value.reason == "no_title"


def test_structured_salary_fields_win_over_text():
    posting = normalise(RawEntry(title="Acme: Engineer", description_html="$10k a month", salary_min=90000, salary_max=110000,
                                 salary_currency="usd"))
    assert (posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period) == (90000, 110000, "USD", "year")


def test_board_company_comes_from_the_url_when_the_json_has_none():
    from matching.ingest.parse import parse_document

    greenhouse = parse_document(b'{"jobs": [{"id": 1, "title": "X", "absolute_url": "https://boards.greenhouse.io/acme-labs/jobs/1"}]}')
    lever = parse_document(b'[{"id": "a", "text": "Y", "hostedUrl": "https://jobs.lever.co/beta-co/a", "categories": {}}]')
    assert (greenhouse.kind, greenhouse.entries[0].company) == ("greenhouse", "Acme Labs")
    assert (lever.kind, lever.entries[0].company) == ("lever", "Beta Co")
