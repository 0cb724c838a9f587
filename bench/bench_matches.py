"""Benchmark of match recompute end to end on PostgreSQL: Job rows → cached index → ranked → Match rows.

Runs under `python -m bench matches [--quick]` on the bench database. Postings and profiles come
from bench/generate_postings.py (recombined from the 630 real postings and the real resumes).
"""

import hashlib
import shutil
import tempfile
import time

from bench.bench_ingestion import _high_water_mark, _load, run_measured_child
from bench.common import row, single_row, time_calls

TITLE = "Match recompute (database end to end)"
DESCRIPTION = (
    "N synthetic postings stored as Job rows and P profiles (from real resumes) of one user. Cold index: "
    "`index_cache.current_index()` with no cache (reads every Job, extracts and splits skills, encodes, "
    "saves the .npz). Warm check: the same call when nothing changed (one fingerprint query). Load: a new "
    "process's first call (reads the file). Full recompute: `recompute_for_user` over the P profiles (rank, "
    "top 500 per profile upserted as Match rows with reasons, stale rows deleted, one `match.new`). "
    "Incremental: 100 new postings stored, then `recompute_for_user(posting_ids=…)`: the in-memory index "
    "appends them, each profile scores only those rows, matches entering its top K are written (3 rounds). "
    "Incremental runs share one view of the new rows, the hidden postings and every profile's top-K cutoff "
    "(one window query) across the user's profiles, and build reasons only for rows that enter a top K. "
    "Peak RSS: VmHWM of a new Python process that sets Django up and builds the index cold from the same "
    "rows (a fork would carry this process's memory). `load` is the machine's 1-minute load average. "
    "Before this work: see \"Ingestion and matching speed\" below."
)
PREFIX = "bench-matches-"
SOURCE = "bench-matches"  # every Job this benchmark stores, deleted at the end


def _store_postings(postings, tag):
    from matching.models import Job

    jobs = [
        Job(title=p.title, company=p.company, location=p.location, remote_type=p.remote_type,
            salary_min=int(p.salary_min) if p.salary_min else None, salary_max=int(p.salary_max) if p.salary_max else None,
            salary_currency=p.salary_currency, salary_period="year" if p.salary_min else "", description_text=p.text,
            skills=p.skills, required_skills=p.required_skills, preferred_skills=p.preferred_skills,
            posted_at=p.posted_at, source=SOURCE,
            content_hash=hashlib.sha256(f"{PREFIX}{tag}-{p.id}".encode()).hexdigest())
        for p in postings
    ]
    return [job.pk for job in Job.objects.bulk_create(jobs, batch_size=2000)]


def _store_profiles(user, features):
    from jobly.models import Profile

    return Profile.objects.bulk_create([
        Profile(owner=user, name=f"Bench {i}", summary=f.text[:5000], skills=[{"name": s.name} for s in f.skills],
                target_titles=f.target_titles, remote_preference=f.remote_preference, min_salary=f.min_salary,
                seniority=f.seniority)
        for i, f in enumerate(features)
    ])


def _cold_build_child():
    """In a new process: build the index cold from the bench database's Job rows; print its peak RSS."""
    import json

    import psutil

    from bench.bench_background import _setup

    _setup()
    from django.conf import settings

    from matching import index_cache

    baseline = psutil.Process().memory_info().rss / 2**20
    settings.MATCH_INDEX_DIR = tempfile.mkdtemp(prefix="jobly-bench-cold-")
    try:
        index, _ = index_cache.current_index()
    finally:
        shutil.rmtree(settings.MATCH_INDEX_DIR, ignore_errors=True)
    print(json.dumps({"baseline": round(baseline, 1), "peak": round(_high_water_mark(), 1), "postings": len(index)}))


def run(quick=False):
    from bench.bench_background import _setup

    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from bench.generate_postings import generate_postings, generate_profiles
    from matching import index_cache
    from matching.models import Job, Match
    from matching.services import matches as services

    n_postings, n_profiles = (10_000, 10) if quick else (100_000, 100)
    settings.MATCH_INDEX_DIR = tempfile.mkdtemp(prefix="jobly-bench-matches-")
    tag = str(time.time_ns())
    user = get_user_model().objects.create_user(username=f"bench-matches-{tag}")
    rows = []
    try:
        start = time.perf_counter()
        _store_postings(generate_postings(n_postings, seed=3), tag)
        stored = time.perf_counter() - start
        profiles = _store_profiles(user, generate_profiles(n_profiles, seed=3))
        total_jobs = Job.objects.count()

        index_cache.forget_memory()
        start = time.perf_counter()
        index, changed = index_cache.current_index()
        cold = time.perf_counter() - start
        warm = time_calls(index_cache.current_index, 5, warmup=0)

        def load():
            index_cache.forget_memory()
            index_cache.current_index()

        loaded = time_calls(load, 3, warmup=0)

        cold_rss = run_measured_child("from bench.bench_matches import _cold_build_child; _cold_build_child()")
        index_cache.current_index()
        start = time.perf_counter()
        summary = services.recompute_for_user(user_id=user.pk)
        full = time.perf_counter() - start
        matches = Match.objects.filter(profile__owner=user).count()
        one = time_calls(lambda: services.recompute_for_user(user_id=user.pk, profile_ids=[profiles[0].pk]), 5)

        samples, written = [], 0
        for round_number in range(3):
            new_ids = _store_postings(generate_postings(100, seed=4 + round_number), f"{tag}-new{round_number}")
            start = time.perf_counter()
            result = services.recompute_for_user(user_id=user.pk, posting_ids=new_ids)
            samples.append(time.perf_counter() - start)
            written += sum(p["scored"] for p in result["profiles"])

        rows += [
            single_row(f"store {n_postings:,} postings as Job rows (setup)", stored, "s", n_postings),
            single_row(f"cold index from the database, {total_jobs:,} postings", cold, "s", total_jobs,
                       f"floor < 15 s; {len(changed):,} encoded; {total_jobs / cold:,.0f} postings/s; load {_load()}"),
            row(f"warm index check (nothing changed), {total_jobs:,} postings", warm["samples"], "s"),
            row(f"index load in a fresh process (file), {total_jobs:,} postings", loaded["samples"], "s"),
            single_row(f"full recompute, {n_profiles} profiles × {total_jobs:,} postings", full, "s", n_profiles,
                       f"floor 120 s; {matches:,} Match rows; {summary['new_above_threshold']} above threshold"),
            row(f"full recompute of one profile (warm), {total_jobs:,} postings", one["samples"], "s"),
            row(f"incremental: 100 new postings × {n_profiles} profiles, Match rows written", samples, "s",
                f"floor < 1 s; includes indexing the 100; load {_load()}; {written:,} matches entered a top {settings.MATCH_TOP_K} "
                "over the 3 rounds"),
            single_row(f"peak RSS, cold index build of {cold_rss['postings']:,} postings (new process)", cold_rss["peak"],
                       "MiB", 1, f"floor < 1.5 GB; {cold_rss['baseline']:.0f} MiB after Django setup, before the build"),
        ]
    finally:
        Match.objects.filter(profile__owner=user).delete()
        Job.objects.filter(source=SOURCE).delete()
        user.delete()
        index_cache.forget_memory()
    return rows
