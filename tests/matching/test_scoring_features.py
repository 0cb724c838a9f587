"""Posting and profile records: required vs nice-to-have skills, seniority from titles, builders."""

import pytest

from matching.scoring import detect_seniority, split_required_preferred
from matching.scoring.features import posting_features_from_job_fields, profile_features_from_fields
from tests.matching.scoring_cases import sample_postings


def test_skills_under_preferred_qualifications_are_nice_to_have():
    text = ("Build data pipelines.\nMinimum qualifications:\nBA/BS degree. Experience with Python and SQL.\n"
            "Preferred qualifications:\nExperience with Kubernetes and Terraform. Python 3.12.\n")
    required, preferred = split_required_preferred(text, ["Python", "SQL", "Kubernetes", "Terraform"])
    assert required == ["Python", "SQL"]  # Python is named in both: it stays required
    assert preferred == ["Kubernetes", "Terraform"]


@pytest.mark.parametrize("heading", ["Nice to have: Go, Rust", "Bonus points: Go and Rust", "BONUS: Go, Rust",
                                     "## Nice-to-haves\n- Go\n- Rust"])
def test_inline_and_markdown_nice_to_have_headings(heading):
    text = f"Requirements\n- Python\n- PostgreSQL\n{heading}\n"
    required, preferred = split_required_preferred(text, ["Python", "PostgreSQL", "Go", "Rust"])
    assert (required, preferred) == (["Python", "PostgreSQL"], ["Go", "Rust"])


def test_a_posting_without_headings_requires_all_its_skills():
    required, preferred = split_required_preferred("We use Python, Go and Rust every day.", ["Python", "Go", "Rust"])
    assert (required, preferred) == (["Python", "Go", "Rust"], [])


def test_aliases_in_a_section_are_found_through_the_extractor():
    job = posting_features_from_job_fields(
        id=1, title="Platform Engineer", text="Must have:\nPython\nNice to have:\nk8s and postgres experience\n")
    assert job.required_skills == ["Python"]
    assert set(job.preferred_skills) == {"Kubernetes", "PostgreSQL"}


@pytest.mark.parametrize(("title", "level"), [
    ("Senior Software Engineer", "senior"), ("Sr. Data Engineer", "senior"), ("Staff Engineer", "lead"),
    ("Engineering Manager", "lead"), ("Principal Architect", "principal"), ("Junior Developer", "junior"),
    ("Software Engineering Intern", "intern"), ("Software Engineer II", "mid"), ("Backend Engineer", ""),
])
def test_seniority_is_read_from_the_title(title, level):
    assert detect_seniority(title) == level


def test_real_google_postings_split_into_required_and_preferred():
    postings, _ = sample_postings()
    with_both = [p for p in postings if p.required_skills and p.preferred_skills]
    assert len(with_both) >= 10
    for job in postings:
        assert set(job.required_skills) | set(job.preferred_skills) == set(job.skills)
        assert not set(job.required_skills) & set(job.preferred_skills)


def test_profile_features_from_the_profile_model_shape():
    features = profile_features_from_fields({
        "headline": "Backend engineer", "summary": "I build APIs.",
        "skills": [{"name": "python3", "level": "expert", "years": 6}, {"name": "Nonsense Skill"},
                   {"name": "Postgres", "normalized": "PostgreSQL"}],
        "experience": [{"title": "Senior Engineer", "company": "X", "bullets": ["Shipped payments in Django"]},
                       {"title": "Engineer", "company": "Y", "bullets": []}],
        "target_titles": ["Staff Engineer"], "remote_preference": "remote", "min_salary": 90000,
        "salary_currency": "EUR", "seniority": "senior", "excluded_companies": ["Evil Corp"],
    })
    assert [s.name for s in features.skills] == ["Python", "PostgreSQL"]
    assert features.skills[0].years == 6
    assert features.recent_titles == ["Senior Engineer", "Engineer"]
    assert "Shipped payments in Django" in features.text
    assert (features.remote_preference, features.min_salary, features.seniority) == ("remote", 90000, "senior")


def test_a_heading_like_sentence_keeps_its_skills():
    text = "Requirements:\n- Python\nPreferred experience with Go\n"
    assert split_required_preferred(text, ["Python", "Go"]) == (["Python"], ["Go"])


def test_profile_text_reads_every_field_and_the_unplaced_text():
    from matching.scoring.features import profile_text_from_fields

    text = profile_text_from_fields({
        "headline": "Data engineer", "experience": [{"title": "Engineer", "company": "Acme", "bullets": ["Built Kafka pipelines"]}],
        "education": [{"degree": "BSc", "field": "Statistics", "courses": ["Bayesian inference"]}],
        "projects": [{"name": "Tidepool", "description": "Ocean sensor dashboard", "highlights": ["Grafana boards"], "keywords": ["InfluxDB"]}],
        "skills": [{"name": "Fivetran"}], "unplaced_text": "STRENGTHS\nMentoring interns",
    })
    for word in ("Kafka", "Statistics", "Bayesian", "Tidepool", "Grafana", "InfluxDB", "Fivetran", "Mentoring"):
        assert word in text


def test_an_imported_profile_keeps_the_words_of_its_source_text():
    """Import places every line or keeps it as unplaced text, so matching reads (nearly) all of it:
    what is lost is headings, labels, dates and contact details."""
    import csv

    from jobly.profiles.resume.parse import parse_resume_text
    from matching.scoring.text import content_tokens
    from tests.jobly.profiles.conftest import DATA as RESUMES

    with open(RESUMES / "resumes-sample.csv", encoding="utf-8", newline="") as handle:
        rows = [row["Resume"] for row in csv.DictReader(handle)]
    long_rows = [source for source in rows if len(set(content_tokens(source))) >= 100]
    assert len(long_rows) >= 3
    for source in long_rows:
        features = profile_features_from_fields(parse_resume_text(source))
        source_words, kept = set(content_tokens(source)), set(content_tokens(features.text))
        assert len(source_words & kept) >= 0.95 * len(source_words)
