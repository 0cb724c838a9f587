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

from bench.common import single_row

TITLE = "Feed ingestion"
DESCRIPTION = (
    "One generated RSS document of N items (built from the 99 real We Work Remotely postings, each item "
    "made distinct). Parse: `feedparser` over the bytes. Normalise: company/title split, remote type, "
    "salary, nh3 sanitising, plain text, skills, content hash. Upsert: `upsert_postings` in batches of "
    "1,000 (the per-fetch cap) into PostgreSQL. Second run: the same entries again, all unchanged "
    "(lookups by content hash and URL, `last_seen_at` touched)."
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


def _ingest(entries, feed):
    from jobly.skills import extract_skills as extract
    from matching.ingest.normalise import SkipEntry, normalise
    from matching.services import ingest

    start = time.perf_counter()
    postings = []
    for entry in entries:
        try:
            postings.append(normalise(entry, extract_skills=extract))
        except SkipEntry:
            pass
    normalised = time.perf_counter()
    counts = {"new": 0, "unchanged": 0, "updated": 0}
    for offset in range(0, len(postings), BATCH):
        result = ingest.upsert_postings(postings=postings[offset:offset + BATCH], feed=feed)
        for key in counts:
            counts[key] += result["counts"][key]
    done = time.perf_counter()
    return normalised - start, done - normalised, counts


def run(quick=False):
    from bench.bench_background import _setup

    _setup()
    from django.contrib.auth import get_user_model

    from matching.ingest.parse import parse_document
    from matching.models import Feed, Job

    rows = []
    user = get_user_model().objects.create_user(username=f"bench-ingest-{time.time_ns()}")
    for n in ((1_000, 10_000) if quick else (10_000, 100_000)):
        Job.objects.filter(canonical_url__startswith="https://bench.example/").delete()
        feed = Feed.objects.create(owner=user, url=f"https://bench.example/{n}-{time.time_ns()}.rss")
        document = generate_feed(n)
        start = time.perf_counter()
        parsed = parse_document(document, max_bytes=len(document))
        parse_seconds = time.perf_counter() - start
        normalise_seconds, upsert_seconds, counts = _ingest(parsed.entries, feed)
        start = time.perf_counter()
        reparsed = parse_document(document, max_bytes=len(document))
        again_parse = time.perf_counter() - start
        again_normalise, again_upsert, again = _ingest(reparsed.entries, feed)
        total = parse_seconds + normalise_seconds + upsert_seconds
        size = f"{len(document) / 1e6:.0f} MB"
        rows += [
            single_row(f"parse {n:,} entries ({size})", n / parse_seconds, "entries/s", n),
            single_row(f"normalise {n:,} entries", n / normalise_seconds, "entries/s", n),
            single_row(f"upsert {n:,} new postings", n / upsert_seconds, "postings/s", n, f"{counts['new']:,} new"),
            single_row(f"first run total, {n:,} entries", total, "s", n, f"{n / total:,.0f} entries/s end to end"),
            single_row(f"second run (unchanged), {n:,} entries", again_parse + again_normalise + again_upsert, "s", n,
                       f"{again['unchanged']:,} unchanged, {again['new']} new"),
        ]
        Job.objects.filter(feeds=feed).delete()
        feed.delete()
    return rows
