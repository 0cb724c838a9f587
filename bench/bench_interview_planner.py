"""Benchmark of the pure interview-prep planner: bank load, one prep per posting, exports.

Runs alone as `python -m bench.bench_interview_planner [--quick]` or under `python -m bench`.
No database: the planner takes snapshots, which is what the InterviewPrep job will build.
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
    "iCalendar exports of one prep. The issue's floor (prep generation with the embedded writer, median "
    "≤ 1 s) includes the writer and the job around it; this measures the planner alone."
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
    return rows


if __name__ == "__main__":
    from bench.__main__ import table

    print(table(run("--quick" in sys.argv)))
