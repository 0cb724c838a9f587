"""The provenance guard accepts what its source states and rejects every added fact, with reasons."""

import pytest

from jobly.writers import SourceItem, check_rewrite
from jobly.writers.guard import degrees_in, months_in, numbers_in

BULLET = SourceItem(
    "/experience/0/bullets/2", "bullet",
    "Led a six-engineer working group to ship active-active cluster linking across three cloud regions",
    employer="Confluent", title="Staff Software Engineer", start="2020-02-01", end="",
)


def kinds(verdict):
    return sorted({finding.kind for finding in verdict.findings})


def test_the_source_itself_and_a_shorter_wording_are_accepted():
    assert check_rewrite(BULLET.text, sources=BULLET).accepted
    assert check_rewrite("Led six engineers shipping cluster linking across three cloud regions", sources=BULLET).accepted


def test_a_number_spelled_differently_is_the_same_number():
    assert check_rewrite("Led a 6-engineer working group shipping cluster linking across 3 cloud regions", sources=BULLET).accepted


def test_the_roles_employer_title_and_year_may_be_named():
    verdict = check_rewrite("As Staff Software Engineer at Confluent since 2020, led a six-engineer working group",
                            sources=BULLET)
    assert verdict.accepted, verdict.reasons


@pytest.mark.parametrize(
    ("rewrite", "kind"),
    [
        ("Led a 10-engineer working group to ship cluster linking across three cloud regions", "number"),
        ("Led a six-engineer working group to ship cluster linking across three regions, cutting costs 30%", "number"),
        ("Led a six-engineer working group to ship cluster linking across three regions, saving $2M", "number"),
        ("Led a six-engineer working group at Google to ship cluster linking across three regions", "employer"),
        ("Led a six-engineer working group to ship cluster linking on Kubernetes across three regions", "skill"),
        ("Led a six-engineer working group in Rust to ship cluster linking across three regions", "skill"),
        ("As Engineering Director, led a six-engineer group to ship cluster linking across three regions", "title"),
        ("Led a six-engineer working group to ship cluster linking across three regions in March 2021", "date"),
        ("Led a six-engineer working group to ship cluster linking across three regions in 2018", "date"),
        ("Drawing on a PhD, led a six-engineer working group to ship cluster linking across three regions", "degree"),
        ("Led a six-engineer working group to ship cluster linking across three regions on Project Aurora", "name"),
        ("Doubled throughput by leading a six-engineer group to ship cluster linking across three regions", "number"),
    ],
)
def test_every_added_fact_is_rejected_with_its_kind(rewrite, kind):
    verdict = check_rewrite(rewrite, sources=BULLET)
    assert not verdict.accepted
    assert kind in kinds(verdict), verdict.reasons
    assert all(reason for reason in verdict.reasons)


def test_another_employer_of_the_candidate_cannot_be_borrowed():
    verdict = check_rewrite("Led a six-engineer working group at Dropbox to ship cluster linking", sources=BULLET,
                            known_employers=["Dropbox", "Rackspace"])
    assert kinds(verdict) == ["employer"]


def test_allowed_posting_facts_may_be_named_but_not_its_skills():
    letter_source = SourceItem("/experience/0", "role", "Staff Software Engineer at Confluent", "Confluent",
                               "Staff Software Engineer")
    allowed = ["Northwind Analytics", "Senior Backend Engineer"]
    assert check_rewrite("I am applying for the Senior Backend Engineer role at Northwind Analytics.",
                         sources=[letter_source], allowed=allowed).accepted
    verdict = check_rewrite("I am applying to Northwind Analytics and know Scala well.", sources=[letter_source],
                            allowed=allowed)
    assert kinds(verdict) == ["skill"]


def test_skill_aliases_count_as_the_same_skill():
    source = SourceItem("/experience/1/bullets/0", "bullet", "Tuned Postgres queries for the billing service")
    assert check_rewrite("Tuned PostgreSQL queries for the billing service", sources=source).accepted


def test_number_reading():
    found = numbers_in("Cut p99 latency 40% and saved $2.5M for twenty-five teams; 1,200 users; doubled output")
    assert {str(value) for value in found} >= {"99", "4E+1", "2.5E+6", "25", "1.2E+3", "2"}
    assert set(numbers_in("2 million")) == set(numbers_in("2M")) == set(numbers_in("2,000,000"))


def test_month_and_degree_reading():
    assert set(months_in("Shipped in Mar 2021 and again in September '22")) == {("2021", 3), ("2022", 9)}
    assert degrees_in("BSc in Physics") == {"bachelor", "degree"}
    assert degrees_in("Ph.D., Computer Science") >= {"doctorate"}
    assert degrees_in("Built a parser") == set()


def test_real_resume_lines_are_accepted_as_their_own_rewrite_and_after_the_embedded_rewrite():
    """No false rejections on real CV text: 6 real resumes' lines (tests/data/resumes/resumes-sample.csv)."""
    import csv
    from pathlib import Path

    from jobly.writers import EmbeddedWriter, Posting, candidate_from_profile_fields
    from jobly.writers.facts import clean_bullet

    path = Path(__file__).resolve().parent.parent / "data" / "resumes" / "resumes-sample.csv"
    with path.open(encoding="utf-8") as handle:
        lines = [clean_bullet(line) for row in csv.DictReader(handle) for line in row["Resume"].splitlines()]
    lines = [line for line in lines if len(line) > 20]
    assert len(lines) > 150
    rejected = [line for line in lines if not check_rewrite(line, sources=SourceItem("/x", "bullet", line)).accepted]
    assert rejected == []
    posting = Posting(title="Data Engineer", company="Acme", required_skills=("Python", "PostgreSQL", "Machine learning"))
    candidate = candidate_from_profile_fields({"experience": [{"company": "X", "title": "Y", "bullets": lines}]})
    writer = EmbeddedWriter()
    assert all(writer.rewrite_bullet(item=item, posting=posting, candidate=candidate).accepted for item in candidate.bullets())
