"""Which skills the question bank must cover: the 40 most frequent in the shared postings.

Run from the project root (the workplace's shared data beside it, or JOBLY_SHARED_DATA):
    .venv/bin/python -m interviews.question_bank.top_skills [--shared ../shared/data] [--check]
It writes top_skills.json next to this file; `--check` compares instead and exits 1 on a change.

A skill counts once per posting. Postings are read the way ingestion reads them
(`matching.ingest` parse + normalise, skills by `jobly.skills.extract_skills`), with two
corrections that keep the count honest: links are removed first (every "https://" would
otherwise count as the skill HTTP), and in Chinese text a space is put between CJK and Latin
runs (the extractor's word boundary treats CJK characters as letters, so "基于Python" hid it).
Soft skills and spoken languages are left out: the behavioural bank covers the first, and the
second are judged by talking, not by questions.
"""

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from jobly.skills import extract_skills, vocabulary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUTPUT = HERE / "top_skills.json"
TOP = 40
EXCLUDED_CATEGORIES = ("soft_skill", "spoken_language")
GOOGLE_FIELDS = ("Title", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications")
# Where each source lives under the shared data folder; the WWR feeds overlap and are deduplicated.
SOURCES = {
    "google_job_skills": ["postings/postings.csv"],
    "weworkremotely": [
        "job-feeds/weworkremotely/wwr-2022-11-remote-back-end-programming-jobs.rss",
        "job-feeds/weworkremotely/wwr-2022-11-remote-design-jobs.rss",
        "job-feeds/weworkremotely/wwr-2022-11-remote-programming-jobs.rss",
    ],
    "remoteok": ["job-feeds/remoteok/remoteok-api-2026-03.json"],
    "ruanyf_whoishiring": [
        "job-feeds/ruanyf-weekly-whoishiring/raw-issue7408.json",
        "job-feeds/ruanyf-weekly-whoishiring/raw-issue7674.json",
    ],
}
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CJK_RUN = re.compile(r"([\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uff00-\uffef]+)")


def skills_in(text):
    """Canonical skills a text mentions, counted the way this script counts (see the module note)."""
    return set(extract_skills(_CJK_RUN.sub(r" \1 ", _URL.sub(" ", text or ""))))


def google_postings(paths):
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield " ".join(row.get(field) or "" for field in GOOGLE_FIELDS)


def feed_postings(paths):
    """Postings of RSS / JSON-board files as ingestion normalises them, each distinct posting once."""
    from matching.ingest.normalise import SkipEntry, normalise
    from matching.ingest.parse import parse_document

    seen = set()
    for path in paths:
        parsed = parse_document(Path(path).read_bytes(), max_bytes=50_000_000)
        for entry in parsed.entries:
            try:
                posting = normalise(entry, default_source="file")
            except SkipEntry:
                continue  # Remote OK's legal notice has no title
            if posting.content_hash not in seen:
                seen.add(posting.content_hash)
                yield f"{posting.title}\n{' '.join(entry.tags)}\n{posting.description_text}"


def thread_postings(paths):
    """One posting per comment of a "who is hiring" GitHub issue thread (the issue body is the rules)."""
    for path in paths:
        for comment in json.loads(Path(path).read_text(encoding="utf-8"))["comments"]:
            yield comment["body"]


READERS = {
    "google_job_skills": google_postings,
    "weworkremotely": feed_postings,
    "remoteok": feed_postings,
    "ruanyf_whoishiring": thread_postings,
}


def count_source(name, paths):
    """(number of postings, Counter of skill → postings mentioning it) for one source."""
    counts, total = Counter(), 0
    for text in READERS[name](paths):
        total += 1
        counts.update(skills_in(text))
    return total, counts


def rank(per_source):
    """The TOP most frequent skills outside the excluded categories; ties broken by name."""
    totals = Counter()
    for _, counts in per_source.values():
        totals.update(counts)
    skills = vocabulary().skills
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    chosen = [(name, count) for name, count in ordered if skills[name].category not in EXCLUDED_CATEGORIES][:TOP]
    cutoff = chosen[-1][1] if chosen else 0
    left_out = [
        {"name": name, "category": skills[name].category, "postings": count}
        for name, count in ordered
        if count >= cutoff and skills[name].category in EXCLUDED_CATEGORIES
    ]
    return {
        "about": "The 40 most frequent skills in the shared postings, computed by top_skills.py (see README.md).",
        "sources": {name: {"files": SOURCES[name], "postings": total} for name, (total, _) in per_source.items()},
        "excluded_categories": list(EXCLUDED_CATEGORIES),
        "excluded_above_cutoff": left_out,
        "skills": [
            {
                "rank": position,
                "name": name,
                "category": skills[name].category,
                "postings": count,
                "by_source": {source: counts[name] for source, (_, counts) in per_source.items()},
            }
            for position, (name, count) in enumerate(chosen, start=1)
        ],
    }


def compute(shared_root):
    per_source = {name: count_source(name, [Path(shared_root) / rel for rel in paths]) for name, paths in SOURCES.items()}
    return rank(per_source)


def load_committed():
    return json.loads(OUTPUT.read_text(encoding="utf-8"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("JOBLY_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    parser.add_argument("--shared", default=default_shared, help="the shared data folder")
    parser.add_argument("--check", action="store_true", help="compare with top_skills.json instead of writing it")
    args = parser.parse_args(argv)
    result = compute(args.shared)
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print("top_skills.json is out of date; rerun without --check", file=sys.stderr)
            return 1
        print("top_skills.json is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    for item in result["skills"]:
        print(f"{item['rank']:>2} {item['postings']:>4} {item['name']} ({item['category']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
