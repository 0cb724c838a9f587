"""Hand-made postings and profiles for the scoring-engine tests (plain records, no database)."""

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from matching.scoring import PostingFeatures, ProfileFeatures, ProfileSkill
from matching.scoring.features import posting_features_from_job_fields

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parent.parent / "data" / "matching"


def posting(id, **fields):
    """A backend posting: Python and Django required, remote, posted a day before NOW."""
    defaults = {
        "title": "Backend Engineer",
        "company": "Acme",
        "location": "Berlin, Germany",
        "remote_type": "remote",
        "required_skills": ["Python", "Django"],
        "preferred_skills": [],
        "text": "Build web services in Python and Django for our payments platform.",
        "posted_at": NOW - timedelta(days=1),
    }
    defaults.update(fields)
    defaults.setdefault("skills", [*defaults["required_skills"], *defaults["preferred_skills"]])
    return PostingFeatures(id=id, **defaults)


def profile(**fields):
    defaults = {
        "skills": [ProfileSkill("Python"), ProfileSkill("Django")],
        "target_titles": ["Backend Engineer"],
        "text": "Backend engineer building payments web services with Python and Django.",
    }
    defaults.update(fields)
    return ProfileFeatures(**defaults)


def sample_postings():
    """The 40 real postings of tests/data/matching/postings-sample.csv, with their categories."""
    with open(DATA / "postings-sample.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    postings = [
        posting_features_from_job_fields(
            id=i, title=row["Title"], company=row["Company"], location=row["Location"],
            text=(f"{row['Responsibilities']}\nMinimum qualifications:\n{row['Minimum Qualifications']}\n"
                  f"Preferred qualifications:\n{row['Preferred Qualifications']}"),
        )
        for i, row in enumerate(rows)
    ]
    return postings, [row["Category"] for row in rows]
