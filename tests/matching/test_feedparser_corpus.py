"""feedparser's own test corpus (2,107 files) through parse + normalise: no unhandled exception,
and nothing executable survives sanitising (wellformed/sanitize has 62 hostile payloads)."""

import dataclasses
import re
from collections import Counter

import pytest

from matching.ingest.normalise import SkipEntry, normalise
from matching.ingest.parse import FeedParseError, parse_document
from tests.data import DATA

EXECUTABLE = re.compile(
    r"<\s*(script|iframe|object|embed|svg|style|form|meta|link|base)\b|\bon[a-z]+\s*=|javascript:|vbscript:|data:text/html",
    re.I,
)


def corpus_files():
    root = DATA / "feeds" / "feedparser-tests"
    return sorted(path for path in root.rglob("*") if path.is_file() and path.name != "LICENSE.txt")


@pytest.mark.slow
def test_every_corpus_file_parses_and_normalises_without_an_unhandled_error():
    outcomes = Counter()
    survivors = []
    files = corpus_files()
    root = DATA / "feeds" / "feedparser-tests"
    assert len(files) > 2000
    for path in files:
        folder = path.relative_to(root).parts[0]
        try:
            parsed = parse_document(path.read_bytes())
        except FeedParseError as error:
            outcomes[(folder, f"rejected:{error.code}")] += 1
            continue
        for entry in parsed.entries:
            try:
                posting = normalise(entry)
                outcomes[(folder, "ingested")] += 1
            except SkipEntry:
                outcomes[(folder, "skipped")] += 1
                # Most corpus entries test one element and have no title: sanitise them anyway.
                posting = normalise(dataclasses.replace(entry, title="Untitled"))
            if EXECUTABLE.search(posting.description_html) or EXECUTABLE.search(posting.title):
                survivors.append((str(path), posting.description_html[:200]))
            assert "\x00" not in posting.description_text + posting.title
            assert posting.canonical_url == "" or posting.canonical_url.startswith(("http://", "https://"))
    assert survivors == []
    assert sum(count for (folder, outcome), count in outcomes.items() if outcome == "ingested") >= 190
    assert sum(count for (folder, outcome), count in outcomes.items() if outcome == "skipped") >= 1000


def test_sanitize_suite_leaves_no_script_or_handler():
    root = DATA / "feeds" / "feedparser-tests" / "wellformed" / "sanitize"
    hostile = 0
    for path in sorted(root.glob("*.xml")):
        raw = path.read_bytes()
        if re.search(rb"script|onload|onclick|onerror|javascript", raw, re.I):
            hostile += 1
        try:
            parsed = parse_document(raw)
        except FeedParseError:
            continue
        for entry in parsed.entries:
            try:
                posting = normalise(entry)
            except SkipEntry:
                posting = normalise(dataclasses.replace(entry, title="Untitled"))
            assert not EXECUTABLE.search(posting.title), (path.name, posting.title[:200])
            assert not EXECUTABLE.search(posting.description_html), (path.name, posting.description_html[:200])
    assert hostile >= 50
