"""Benchmark of the matching engine: cold index build, warm ranking, full recompute (the floors set for it).

Runs alone as `python -m bench.bench_matching [--quick]` (prints a Markdown table) or under
`python -m bench`, which reads TITLE, DESCRIPTION and `run(quick)`.
"""

import os
import statistics
import sys
import tempfile
import time

import numpy as np

TITLE = "Matching engine"
DESCRIPTION = (
    "Synthetic postings recombined from the 630 real postings of bench/data/postings.csv "
    "(bench/generate_postings.py), profiles from the resumes of bench/data/resumes.csv. "
    "Floors: warm rank of 100,000 postings, top 50 with reasons, < 500 ms; "
    "100 profiles × 100,000 postings < 2 minutes."
)

FULL_POSTINGS, QUICK_POSTINGS = 100_000, 10_000


def _setup_django():
    # The generator uses jobly.skills, which needs no database; settings only for imports.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")


def _row(measure, n, samples, unit, notes=""):
    samples = sorted(samples)
    spread = len(samples) > 1  # a single aggregate has no spread (bench/__main__.py prints —)
    return {
        "measure": measure, "n": n,
        "median": round(statistics.median(samples), 3),
        "p5": round(float(np.percentile(samples, 5)), 3) if spread else None,
        "p95": round(float(np.percentile(samples, 95)), 3) if spread else None,
        "unit": unit, "notes": notes,
    }


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run(quick=False):
    _setup_django()
    from bench.generate_postings import generate_postings, generate_profiles
    from matching.scoring import PostingIndex, rank, semantic

    n = QUICK_POSTINGS if quick else FULL_POSTINGS
    n_profiles = 20 if quick else 100
    postings = generate_postings(n)
    profiles = generate_profiles(n_profiles)
    rows = []

    build_times = []
    for _ in range(1 if quick else 3):
        seconds, index = _timed(lambda: PostingIndex.build(postings))
        build_times.append(seconds)
    rows.append(_row("cold index build (TF-IDF, titles, skills, arrays)", n, build_times, "s",
                     f"{index.tf.nnz:,} term entries, {len(index.terms):,} terms, {len(index.skills):,} skills"))

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "postings.npz")
        index.save(path)
        size_mb = os.path.getsize(path) / 1e6
        load_times = [_timed(lambda: PostingIndex.load(path))[0] for _ in range(3)]
    rows.append(_row("load saved index (.npz, no pickle)", n, load_times, "s", f"{size_mb:.0f} MB on disk"))

    rank(profiles[0], index, top_k=50)  # warm: IDF and row norms are computed once per index version
    rank_times = []
    for profile in profiles[:10]:
        for _ in range(3):
            rank_times.append(1000 * _timed(lambda: rank(profile, index, top_k=50))[0])  # noqa: B023
    rows.append(_row("warm rank, one profile, top 50 with reasons", n, rank_times, "ms", "floor < 500 ms"))

    dimensions = 384
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((n, dimensions), dtype=np.float32)
    index.embeddings = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    profile_vector = index.embeddings[0]
    semantic_times = [1000 * _timed(lambda: rank(profile, index, top_k=50, use_semantic=True,  # noqa: B023
                                                 profile_vector=profile_vector))[0] for profile in profiles[:10]]
    rows.append(_row("warm rank with a 384-d embedding component", n, semantic_times, "ms",
                     "random unit vectors stand in for the model's (the timing is the same matrix product)"))
    index.embeddings = None

    total, per_profile = 0.0, []
    for profile in profiles:
        seconds, _ = _timed(lambda: rank(profile, index, top_k=50))  # noqa: B023
        per_profile.append(seconds)
        total += seconds
    rows.append(_row(f"full recompute, {n_profiles} profiles × {n:,} postings", n_profiles, [total], "s",
                     f"one run; per profile median {1000 * statistics.median(per_profile):.0f} ms; "
                     "floor < 120 s for 100 × 100,000"))

    if semantic.available():
        texts = [f"{p.title}. {p.text}"[:2000] for p in postings[:256]]
        semantic.embed(texts[:8])  # load the model outside the timing
        seconds, _ = _timed(lambda: semantic.embed(texts))
        rows.append(_row("semantic: embed postings (all-MiniLM-L6-v2, CPU)", len(texts), [len(texts) / seconds],
                         "postings/s", "index build cost in semantic mode = postings ÷ this rate"))
    return rows


def markdown(rows):
    lines = ["| measure | n | median | p5 | p95 | unit | notes |", "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    lines += [f"| {r['measure']} | {r['n']:,} | {r['median']} | {r['p5'] or '—'} | {r['p95'] or '—'} | {r['unit']} "
              f"| {r['notes']} |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(f"## {TITLE}\n\n{DESCRIPTION}\n")
    print(markdown(run(quick="--quick" in sys.argv)))
