"""End to end over the 630 real postings in bench/data: store them as Jobs, recompute, check the ranking.

A software profile's top 10 must be mostly engineering postings; a UX profile's mostly design ones.
"""

import csv
import hashlib
import time
from pathlib import Path

import pytest

from matching.models import Job, Match
from matching.services import matches as services
from tests.factories import JobFactory
from tests.matching.matches_helpers import make_profile, match_index_dir  # noqa: F401

pytestmark = pytest.mark.django_db
POSTINGS = Path(__file__).resolve().parents[2] / "bench" / "data" / "postings.csv"
ENGINEERING = {"Software Engineering", "Technical Solutions", "Technical Infrastructure", "Developer Relations",
               "IT & Data Management", "Network Engineering", "Hardware Engineering", "Data Center & Network"}


def load_postings():
    jobs, categories = [], {}
    with POSTINGS.open(encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            text = (f"{row['Responsibilities']}\n\nMinimum qualifications:\n{row['Minimum Qualifications']}\n\n"
                    f"Preferred qualifications:\n{row['Preferred Qualifications']}")
            jobs.append(JobFactory.build(title=row["Title"], company=row["Company"], location=row["Location"], description_text=text,
                                       content_hash=hashlib.sha256(f"{n}|{row['Title']}|{text}".encode()).hexdigest()))
            categories[jobs[-1].content_hash] = row["Category"]
    created = Job.objects.bulk_create(jobs)
    return {job.pk: categories[job.content_hash] for job in created}


def test_recompute_over_real_postings_ranks_by_field(user, settings):
    category = load_postings()
    software = make_profile(user, name="Software", headline="Software engineer", target_titles=["Software Engineer"],
                            skills=[{"name": n} for n in ("Python", "Java", "C++", "Distributed Systems", "Linux")],
                            summary="Backend and infrastructure software engineer: services, algorithms, data structures.")
    design = make_profile(user, name="Design", headline="UX designer", target_titles=["UX Designer", "Interaction Designer"],
                          skills=[{"name": n} for n in ("User Research", "Prototyping", "Figma")],
                          summary="Interaction and visual designer: user research, wireframes, prototypes, usability.")

    started = time.perf_counter()
    summary = services.recompute_for_user(user_id=user.pk)
    elapsed = time.perf_counter() - started
    print(f"cold index + 2 profiles × {len(category)} postings: {elapsed:.2f} s")  # shown with -s; no assertion

    assert [p["scored"] for p in summary["profiles"]] == [min(len(category), settings.MATCH_TOP_K)] * 2
    top_software = Match.objects.filter(profile=software).order_by("-score", "job_id")[:10]
    top_design = Match.objects.filter(profile=design).order_by("-score", "job_id")[:10]
    assert sum(category[m.job_id] in ENGINEERING for m in top_software) >= 7
    assert sum(category[m.job_id] == "User Experience & Design" for m in top_design) >= 7
    assert all(m.summary and m.components for m in top_software)

    started = time.perf_counter()
    services.recompute_for_user(user_id=user.pk, profile_ids=[software.pk])
    print(f"warm full recompute of one profile: {time.perf_counter() - started:.2f} s")
