"""Benchmark of interview-prep generation: the pure planner (bank load, one prep per posting, exports),
then the whole generation with the embedded writer against PostgreSQL, in-process and on a real worker.

Runs alone as `python -m bench.bench_interview_planner [--quick]` or under `python -m bench`. The
database part uses the benchmark database (bench_background's setup: `BENCH_DATABASE_URL`, default
`jobly_bench`) and starts its own Celery worker.
"""

import csv
import os
import sys
import time
from datetime import date, timedelta

from bench.common import ROOT, row, time_calls

TITLE = "Interview-prep planner"
DESCRIPTION = (
    "interviews.planning.plan_prep for a fictional senior backend profile against real postings of "
    "bench/data/postings.csv (their Responsibilities / Minimum / Preferred qualifications as sections), "
    "with a 10-day study plan; the question bank read and validated from its YAML files; the Markdown and "
    "iCalendar exports of one prep. End to end (the issue's floor: prep generation with the embedded "
    "writer, median ≤ 1 s): `start_generation` + `generate_prep` per posting stored as a Job row for a saved "
    "Profile (snapshots from the rows, every section, the writer step, the content written and "
    "`interview_prep.ready` published, on PostgreSQL); and from `start_generation` until the prep is ready "
    "when a real Celery worker (-c 1) runs the `interviews.generate` job."
)
PROFILE = {
    "skills": [{"name": "Python", "level": "advanced", "years": 7}, {"name": "PostgreSQL", "years": 5},
               {"name": "Kubernetes", "level": "intermediate"}, {"name": "Go", "years": 1}, "Git", "Linux"],
    "languages": [{"language": "English", "fluency": "fluent"}],
    "experience": [
        {"company": "Example Freight Co", "title": "Senior Backend Engineer", "start": "2020-01", "current": True,
         "bullets": ["Split the order service into three services behind a queue, reducing p95 latency from 900 ms to 250 ms",
                     "Coached four engineers on code review and on-call", "Designed the event schema with the data team"]},
        {"company": "Sample Books Ltd", "title": "Developer", "start": "2016-05", "end": "2019-12",
         "bullets": ["Built the search API in Django to replace a vendor tool", "Cut cloud costs by 30% by right-sizing VMs"]},
    ],
}


def _postings(limit):
    from interviews.planning import posting_snapshot

    with open(ROOT / "bench" / "data" / "postings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    return [posting_snapshot(
        title=r["Title"], company=r["Company"], location=r["Location"], remote_type="onsite",
        description_text=(f"Responsibilities\n{r['Responsibilities']}\nMinimum qualifications\n{r['Minimum Qualifications']}\n"
                          f"Preferred qualifications\n{r['Preferred Qualifications']}"),
    ) for r in rows]


def run(quick=False):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    from interviews.bank import BANK_DIR, load_bank, read_bank
    from interviews.exports import prep_to_markdown, study_plan_to_ical
    from interviews.planning import plan_prep, profile_snapshot

    rows = []
    bank_runs = time_calls(read_bank, 3 if quick else 10)
    files = len(list(BANK_DIR.rglob("*.yaml")))
    rows.append(row(f"read and validate the question bank ({files} YAML files)", bank_runs["samples"], "ms", scale=1000, digits=1))
    bank = load_bank()
    profile = profile_snapshot(**PROFILE)
    postings = _postings(60 if quick else 630)
    today = date(2026, 3, 2)
    samples, preps = [], []
    for index, posting in enumerate(postings):
        start = time.perf_counter()
        preps.append(plan_prep(profile=profile, posting=posting, today=today, interview_date=today + timedelta(days=10),
                               seed=index, bank=bank))
        samples.append(time.perf_counter() - start)
    rows.append(row("plan_prep, one posting (every section, 10-day plan)", samples, "ms", scale=1000, digits=2,
                    notes=f"{len(postings)} real postings, one run each"))
    richest = max(preps, key=lambda prep: len(prep.technical) + len(prep.gaps))
    markdown = time_calls(lambda: prep_to_markdown(richest), 5 if quick else 50)
    rows.append(row("Markdown export of one prep", markdown["samples"], "ms", scale=1000, digits=2))
    ical = time_calls(lambda: study_plan_to_ical(richest.study_plan, title="Prep", tz="Europe/Berlin"), 5 if quick else 50)
    rows.append(row("iCalendar export of its study plan", ical["samples"], "ms", scale=1000, digits=2))
    rows += _end_to_end(postings[:50], quick)
    return rows


def _saved_rows(postings, count):
    import uuid

    from django.contrib.auth import get_user_model

    from jobly.models import Profile
    from matching.models import Job

    user = get_user_model().objects.create_user(username=f"bench-{uuid.uuid4().hex[:10]}", password=uuid.uuid4().hex)
    skills = [skill if isinstance(skill, dict) else {"name": skill} for skill in PROFILE["skills"]]
    profile = Profile.objects.create(owner=user, name="Backend", is_default=True, skills=skills,
                                     languages=PROFILE["languages"], experience=PROFILE["experience"])
    jobs = [Job.objects.create(title=posting.title, company=posting.company, location=posting.location,
                               description_text=posting.description_text, content_hash=uuid.uuid4().hex)
            for posting in (postings * (count // len(postings) + 1))[:count]]
    return user, profile, jobs


def _wait_ready(prep_id, timeout=60):
    from interviews.models import InterviewPrep

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = InterviewPrep.objects.filter(pk=prep_id).values_list("status", flat=True).first()
        if status == "ready":
            return
        if status in ("failed", "cancelled"):
            raise RuntimeError(f"prep {prep_id} ended {status}")
        time.sleep(0.005)
    raise RuntimeError(f"prep {prep_id} not ready after {timeout} s")


def _end_to_end(postings, quick):
    import tempfile

    from bench.bench_background import _setup

    _setup()
    from interviews.services.generate import generate_prep, start_generation
    from jobly.writers import EmbeddedWriter
    from tests import processes

    count = 20 if quick else 200
    user, profile, jobs = _saved_rows(postings, count)
    writer = EmbeddedWriter()
    samples = []
    for job in jobs:
        start = time.perf_counter()
        prep, background_job, _ = start_generation(user=user, job_id=job.pk)
        generate_prep(prep_id=prep.pk, background_job_id=background_job.pk, writer=writer)
        samples.append(time.perf_counter() - start)
    rows = [row("prep generation end to end, in-process (embedded writer, PostgreSQL)", samples, "ms", scale=1000,
                digits=1, notes=f"{count} postings; start_generation's enqueue included")]
    # Those jobs' messages are still in the broker: drop them so the worker below runs only its own.
    from jobly.celery import app
    from jobly.models import BackgroundJob

    BackgroundJob.objects.filter(owner=user, status="queued").update(status="cancelled")
    app.control.purge()

    log_dir = tempfile.mkdtemp(prefix="jobly-bench-interviews-")
    worker = processes.start_worker(log_dir, name="benchprepworker", concurrency=1, queues="default")
    try:
        processes.wait_until(lambda: processes.worker_is_ready(worker), timeout=60, message="bench worker")
        runs = 5 if quick else 40
        user, profile, jobs = _saved_rows(postings, runs + 2)
        samples = []
        for index, job in enumerate(jobs):
            start = time.perf_counter()
            prep, _, _ = start_generation(user=user, job_id=job.pk)
            _wait_ready(prep.pk)
            if index >= 2:  # the first two warm the worker (bank load, imports)
                samples.append(time.perf_counter() - start)
        rows.append(row("start_generation → prep ready on a real worker (-c 1)", samples, "ms", scale=1000, digits=1,
                        notes="commit, Redis, claim, generation, the final transition"))
    finally:
        worker.stop()
    return rows


if __name__ == "__main__":
    from bench.__main__ import table

    print(table(run("--quick" in sys.argv)))
