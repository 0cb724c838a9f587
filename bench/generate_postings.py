"""Realistic synthetic postings and profiles for the matching benchmark, made from real data.

Postings recombine the 630 real postings of bench/data/postings.csv: a real title (with a
seniority word now and then), sentences drawn from postings of the same category under
"Minimum qualifications" / "Preferred qualifications" headings, the skills those sentences
name, a location from the file or remote work, a salary on about half of them, and a date in
the last 90 days. Profiles are the resumes of bench/data/resumes.csv. Deterministic per seed.
"""

import csv
import random
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from jobly.skills import extract_skills
from matching.scoring import PostingFeatures, ProfileFeatures, ProfileSkill

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
SENIORITY_PREFIXES = ["", "", "", "Senior ", "Junior ", "Staff ", "Lead ", "Principal "]
COMPANY_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
                 "Soylent", "Aperture", "Massive", "Pied", "Piper", "Wonka", "Gringotts", "Monarch", "Oscorp", "Dunder"]
COMPANY_SUFFIXES = ["Labs", "Systems", "Group", "Health", "Cloud", "Analytics", "Bank", "Media", "Robotics", "Retail"]
CURRENCIES = [("USD", 1.0), ("USD", 1.0), ("EUR", 0.9), ("GBP", 0.8)]


@lru_cache(maxsize=1)
def real_postings():
    """The real postings as dicts with their sentences and the skills each names (read once)."""
    with open(DATA / "postings.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sentence_skills = {}
    for row in rows:
        for column in ("Responsibilities", "Minimum Qualifications", "Preferred Qualifications"):
            row[column] = [s.strip() for s in row[column].split("\n") if s.strip()]
            for sentence in row[column]:
                if sentence not in sentence_skills:
                    sentence_skills[sentence] = extract_skills(sentence)
    return rows, sentence_skills


def generate_postings(n, *, seed=1):
    rows, sentence_skills = real_postings()
    by_category = {}
    for row in rows:
        by_category.setdefault(row["Category"], []).append(row)
    locations = sorted({row["Location"] for row in rows})
    rng = random.Random(seed)
    postings = []
    for i in range(n):
        base = rng.choice(rows)
        peers = by_category[base["Category"]]
        pick = lambda column, k: [s for r in rng.sample(peers, min(2, len(peers))) for s in r[column][:k]]  # noqa: E731
        responsibilities, minimum, preferred = pick("Responsibilities", 3), pick("Minimum Qualifications", 3), \
            pick("Preferred Qualifications", 3)
        text = "\n".join([*responsibilities, "Minimum qualifications:", *minimum, "Preferred qualifications:", *preferred])
        # The split split_required_preferred would make, read off the sentences directly (faster).
        required = list(dict.fromkeys(s for sentence in [*responsibilities, *minimum] for s in sentence_skills[sentence]))
        nice = [s for s in dict.fromkeys(s for sentence in preferred for s in sentence_skills[sentence])
                if s not in required]
        skills = [*required, *nice]
        remote_type = rng.choices(["remote", "hybrid", "onsite", "unknown"], weights=[3, 2, 4, 1])[0]
        salary_min = salary_max = None
        currency, rate = rng.choice(CURRENCIES)
        if rng.random() < 0.5:
            salary_min = round(rng.uniform(45_000, 160_000) * rate, -3)
            salary_max = salary_min + round(rng.uniform(0, 60_000) * rate, -3)
        postings.append(PostingFeatures(
            id=i + 1,
            title=rng.choice(SENIORITY_PREFIXES) + base["Title"],
            company=f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_SUFFIXES)}",
            location="Remote" if remote_type == "remote" and rng.random() < 0.5 else rng.choice(locations),
            remote_type=remote_type, salary_min=salary_min, salary_max=salary_max,
            salary_currency=currency if salary_min else "", salary_period="year",
            required_skills=required, preferred_skills=nice, skills=skills, text=text,
            posted_at=NOW - timedelta(days=rng.uniform(0, 90)), fingerprint=f"{seed}-{i}",
        ))
    return postings


@lru_cache(maxsize=1)
def resumes():
    with open(DATA / "resumes.csv", newline="", encoding="utf-8") as handle:
        return [(row["Category"], row["Resume"]) for row in csv.DictReader(handle)]


def profile_from_resume(category, text, *, rng=None):
    """A profile as resume import would fill it: skills found in the text, the category as target title."""
    rng = rng or random.Random(0)
    return ProfileFeatures(
        skills=[ProfileSkill(name) for name in extract_skills(text)],
        target_titles=[category],
        remote_preference=rng.choice(["any", "remote", "hybrid", "onsite"]),
        min_salary=rng.choice([None, 60_000, 90_000, 120_000]),
        salary_currency="USD",
        seniority=rng.choice(["", "junior", "mid", "senior"]),
        text=text,
    )


def generate_profiles(n, *, seed=1):
    rng = random.Random(seed)
    pool = resumes()
    return [profile_from_resume(*pool[i % len(pool)], rng=rng) for i in range(n)]
