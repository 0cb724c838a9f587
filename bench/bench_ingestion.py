"""Benchmark of feed ingestion: parse (feedparser), normalise and upsert N entries, then the same
entries again (all unchanged). Runs under `python -m bench ingestion [--quick]` on the bench database.

The generator builds large realistic RSS from the real We Work Remotely items in tests/data/feeds:
each generated item takes a real item's company, title, region and description paragraphs,
shuffled and numbered so every item is a distinct posting with its own link.
"""

import random
import time
from html import escape
from pathlib import Path

from bench.common import row, single_row

TITLE = "Feed ingestion"
DESCRIPTION = (
    "One generated RSS document of N items (built from the 99 real We Work Remotely postings, each item "
    "made distinct). Parse: `parse_document` (safety step, then fastfeedparser; its board elements by one "
    "regex pass) against feedparser on the same bytes, in the same run. End to end: `ingest_document` "
    "(digest of the bytes, parse, normalise: company/title split, remote type, salary, nh3, plain text, skills "
    "by one Aho-Corasick automaton split into required and nice-to-have, hashes; then per 1,000 rows a COPY "
    "into a temporary table and one INSERT … SELECT … ON CONFLICT into PostgreSQL, feed links in one "
    "statement, matching trigger). Unchanged: the same document again (its digest equals the last fully "
    "ingested one and every posting it gave is still stored: nothing parsed, one query). Changed document: "
    "the same entries under another channel title (parsed; every entry found by guid + raw digest, nothing "
    "normalised, links in one statement). Peak RSS: a new Python process that sets Django up, then "
    "generates, parses and ingests a 5 MB feed (its peak includes Django and the libraries). "
    "Where the time goes: cProfile of normalise over the first 1,000 entries, µs per entry per step (cProfile "
    "inflates every step about 2×). `load` is the machine's 1-minute load average (2 cores shared with other "
    "work). Before this work: see \"Ingestion and matching speed\" below."
)
FEEDS = Path(__file__).resolve().parent.parent / "tests" / "data" / "feeds"
BATCH = 1000


def _real_items():
    import feedparser

    items, seen = [], set()
    for path in sorted(FEEDS.glob("wwr-*.rss")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            if entry.link not in seen:
                seen.add(entry.link)
                items.append((entry.title, entry.get("region", ""), entry.get("summary", "")))
    return items


def generate_feed(n, seed=7):
    """RSS 2.0 bytes with n distinct, realistic items."""
    rng = random.Random(seed)
    real = _real_items()
    parts = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Generated</title>'
             "<link>https://bench.example/</link>"]
    for number in range(n):
        title, region, summary = real[number % len(real)]
        paragraphs = summary.split("</p>")
        rng.shuffle(paragraphs)
        description = f"<p>Opening {number}.</p>" + "</p>".join(paragraphs)[:1500]
        parts.append(
            f"<item><title>{escape(title)} #{number}</title><region>{escape(region)}</region>"
            f"<link>https://bench.example/jobs/{number}</link><guid>https://bench.example/jobs/{number}</guid>"
            f"<pubDate>Mon, 07 Nov 2022 16:20:50 +0000</pubDate><description>{escape(description)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def run_measured_child(code):
    """Run `code` in a new Python process (same environment, bench database) and return the JSON object
    it prints last: a child measures its own peak RSS there, not a fork carrying this process's memory."""
    import json
    import os
    import subprocess
    import sys

    from bench.bench_background import _bench_database_url

    env = {**os.environ, "BENCH_DATABASE_URL": _bench_database_url()}
    output = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=900).stdout
    return json.loads(output.strip().splitlines()[-1])


def _peak_rss_of_five_mb_ingest():
    """(RSS after setup, peak RSS) in MiB of a new Python process that sets Django up, then generates and
    ingests a 5 MB feed: a fork of this process would count everything it already holds."""
    from matching.models import Job

    # Earlier runs' rows go first, here: Django's delete() loads what it deletes, which is not the ingest's memory.
    Job.objects.filter(canonical_url__startswith="https://bench.example/").delete()
    result = run_measured_child("from bench.bench_ingestion import _five_mb_child; _five_mb_child()")
    return result["baseline"], result["peak"]


def _high_water_mark():
    """This process's peak RSS in MiB: VmHWM of its own memory map. getrusage's ru_maxrss would not do in a
    child process: Linux carries the parent's size at fork over the exec into it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _five_mb_child():
    import json

    import psutil

    from bench.bench_background import _setup

    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from matching.models import Feed, Job
    from matching.services import ingest

    baseline = psutil.Process().memory_info().rss / 2**20
    five_mb = generate_feed(2_400)
    settings.FEED_MAX_ENTRIES_PER_FETCH = 2_400
    user = get_user_model().objects.create_user(username=f"bench-ingest-rss-{time.time_ns()}")
    feed = Feed.objects.create(owner=user, url=f"https://bench.example/5mb-{time.time_ns()}.rss")
    ingest.ingest_document(feed=feed, content=five_mb, max_bytes=len(five_mb))
    peak = _high_water_mark()
    Job.objects.filter(feeds=feed).delete()
    feed.delete()
    user.delete()
    print(json.dumps({"baseline": round(baseline, 1), "peak": round(peak, 1)}))


def _load():
    """The 1-minute load average: the machine is shared, and the numbers move with it."""
    import os

    return f"{os.getloadavg()[0]:.1f}"


def _where_the_time_goes(entries):
    import cProfile
    import pstats

    from matching.ingest import normalise as module

    profiler = cProfile.Profile()
    profiler.enable()
    for entry in entries:
        try:
            module.normalise(entry)
        except module.SkipEntry:
            pass
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    steps = {"sanitize_html": "nh3 sanitising", "html_to_text": "plain text", "posting_skills": "skills (find + split)",
             "_salary": "salary", "detect_remote_type": "remote type", "split_company_title": "company/title split",
             "compute_content_hash": "content hash", "normalise": "normalise, total"}
    found = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if name in steps and ("normalise" in filename or "skills" in filename):
            found[steps[name]] = found.get(steps[name], 0) + cumulative
    total = found.get("normalise, total", 1)
    return [single_row(f"normalise step: {step}", seconds / len(entries) * 1e6, "µs/entry", len(entries),
                       f"{100 * seconds / total:.0f} % of normalise (under cProfile)")
            for step, seconds in sorted(found.items(), key=lambda item: -item[1])]


def run(quick=False):
    from bench.bench_background import _setup

    _setup()
    import feedparser
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from matching.ingest.parse import parse_document
    from matching.models import Feed, Job
    from matching.services import ingest

    rows = []
    user = get_user_model().objects.create_user(username=f"bench-ingest-{time.time_ns()}")
    for n in ((1_000,) if quick else (1_000, 10_000)):
        settings.FEED_MAX_ENTRIES_PER_FETCH = n
        Job.objects.filter(canonical_url__startswith="https://bench.example/").delete()
        feed = Feed.objects.create(owner=user, url=f"https://bench.example/{n}-{time.time_ns()}.rss")
        document = generate_feed(n)
        parse_samples = []
        for _ in range(7):
            start = time.perf_counter()
            parsed = parse_document(document, max_bytes=len(document))
            parse_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        feedparser.parse(document)
        feedparser_seconds = time.perf_counter() - start
        parse_median = sorted(parse_samples)[len(parse_samples) // 2]
        start = time.perf_counter()
        parsed, first = ingest.ingest_document(feed=feed, content=document, max_bytes=len(document))
        first_seconds = time.perf_counter() - start
        again_samples, changed_samples = [], []
        for _ in range(5):
            feed.refresh_from_db()
            start = time.perf_counter()
            _, again = ingest.ingest_document(feed=feed, content=document, max_bytes=len(document))
            again_samples.append(time.perf_counter() - start)
        for round_number in range(3):
            # The same entries in a document that differs (a feed's lastBuildDate): parsed, then
            # every entry found by guid and raw digest.
            changed = document.replace(b"<title>Generated</title>", f"<title>Generated {round_number}</title>".encode())
            start = time.perf_counter()
            _, same_entries = ingest.ingest_document(feed=feed, content=changed, max_bytes=len(changed))
            changed_samples.append(time.perf_counter() - start)
        size = f"{len(document) / 1e6:.0f} MB"
        rows += [
            row(f"parse {n:,} entries ({size}), {parsed.parser}", [n / s for s in parse_samples], "entries/s",
                f"floor ≥ 10,000/s; feedparser on the same bytes {n / feedparser_seconds:,.0f}/s: "
                f"{feedparser_seconds / parse_median:.0f}× faster; load {_load()}", digits=0),
            single_row(f"end to end, {n:,} new entries", n / first_seconds, "entries/s", n,
                       f"floor ≥ 5,000/s; {first['counts']['new']:,} new; {first_seconds:.2f} s; load {_load()}"),
            row(f"end to end, the same {n:,} entries unchanged", [n / s for s in again_samples], "entries/s",
                f"floor ≥ 20,000/s; the same document: {again['counts']['unchanged']:,} unchanged, "
                f"{again['counts']['new']} new, nothing parsed; load {_load()}", digits=0),
            row(f"end to end, the same {n:,} entries in a changed document", [n / s for s in changed_samples],
                "entries/s", f"parsed, each entry skipped by guid + raw digest: {same_entries['counts']['unchanged']:,} "
                f"unchanged, {same_entries['counts']['new']} new; load {_load()}", digits=0),
        ]
        if n == 1_000 or quick:
            rows += _where_the_time_goes(parsed.entries[:2000])
        Job.objects.filter(feeds=feed).delete()
        feed.delete()

    baseline, peak = _peak_rss_of_five_mb_ingest()
    rows.append(single_row("peak RSS, ingest of a 4.7 MiB feed (2,400 entries), fresh process", peak, "MiB", 1,
                           f"floor < 200 MB: {peak * 2**20 / 1e6:.0f} MB; the same process held {baseline:.0f} MiB after "
                           f"Django's setup, before the feed; load {_load()}"))
    return rows
