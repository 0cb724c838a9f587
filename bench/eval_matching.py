"""Evaluation of the matching engine on real data, next to a plain keyword-count baseline.

(a) The 90 categorised resumes of bench/data/resumes.csv against the 630 categorised postings
    of bench/data/postings.csv: precision@10 = share of a resume's top 10 postings whose
    category fits the resume's (bench/data/category_fit.json), averaged over resumes, overall
    and per resume category.
(b) One real CV against 317 job descriptions its owner labelled fit / not fit (shared data,
    matching-pairs/panoslin-resume-jd-relevancy): ROC-AUC and precision@k.

Each set is cut in two fixed halves (`half`): engine changes are chosen on the tuned-on half and
the held-out half is reported beside it.

Each resume is scored two ways: as raw text (its words and the skills named in it), and as the
profile resume import saves (parse_resume_text → the Profile's fields → profile_features_from_fields),
which is what a user of Jobly gets.

Run `python -m bench.eval_matching` (text mode), and with the semantic extra installed it adds
the semantic mode. Prints Markdown; only numbers, never resume text (the CV is personal data).
"""

import csv
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np

BENCH_DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("JOBLY_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
PAIRS = SHARED / "matching-pairs" / "panoslin-resume-jd-relevancy"

ABLATIONS = {
    "skills only": {"weights": {"text": 0, "title": 0}},
    "text only": {"weights": {"required_skills": 0, "preferred_skills": 0, "title_skills": 0, "skill_kinds": 0,
                              "text": 1, "title": 0}},
}
HALVES = ("tuned-on half", "held-out half")


def half(key):
    """0 (tuned on) or 1 (held out) by the SHA-256 of a resume's text or of "b:" + a job description's
    id (the id alone is even for every shared row: that is how the shared half was cut)."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")


def keyword_baseline(profile_text, index):
    """Number of distinct words of the profile that also occur in each posting (stop words dropped)."""
    from matching.scoring.text import content_tokens

    columns = sorted({index.terms.columns[t] for t in content_tokens(profile_text) if t in index.terms.columns})
    query = np.zeros(len(index.terms), dtype=np.float32)
    query[columns] = 1.0
    present = index.tf.copy()
    present.data[:] = 1.0
    return present @ query


def engine_scores(profile, index, *, use_semantic, weights=None, profile_vector=None):
    from matching.scoring import rank

    matches = rank(profile, index, top_k=None, weights=weights, use_semantic=use_semantic,
                   profile_vector=profile_vector)
    scores = np.full(len(index), -1.0)
    position = {posting_id: row for row, posting_id in enumerate(index.ids.tolist())}
    for match in matches:
        scores[position[match.posting_id]] = match.score
    return scores


def top_k_rows(scores, ids, k):
    """Best k rows by score, ties by posting id: the engine's own order."""
    return np.lexsort((ids, -scores))[:k]


def roc_auc(scores, labels):
    """Probability that a random fitting job outscores a random unfitting one (ties count half)."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels, dtype=bool)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):  # average ranks over ties
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    positives, negatives = labels.sum(), (~labels).sum()
    return (ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives)


def google_postings():
    from matching.scoring.features import posting_features_from_job_fields

    with open(BENCH_DATA / "postings.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    postings = [posting_features_from_job_fields(
        id=i, title=row["Title"], company=row["Company"], location=row["Location"],
        text=(f"{row['Responsibilities']}\nMinimum qualifications:\n{row['Minimum Qualifications']}\n"
              f"Preferred qualifications:\n{row['Preferred Qualifications']}"))
        for i, row in enumerate(rows)]
    return postings, [row["Category"] for row in rows]


def resume_profile(text, *, target_title=None):
    from jobly.skills import extract_skills
    from matching.scoring import ProfileFeatures, ProfileSkill

    return ProfileFeatures(skills=[ProfileSkill(s) for s in extract_skills(text)],
                           target_titles=[target_title] if target_title else [], text=text)


def imported_profile(text, *, target_title=None):
    """The profile resume import saves for this text: the parsed draft as the Profile's fields."""
    from jobly.profiles.resume.parse import parse_resume_text
    from matching.scoring.features import profile_features_from_fields

    fields = parse_resume_text(text)
    fields["target_titles"] = [target_title] if target_title else []
    return profile_features_from_fields(fields)


def evaluate_categories(modes):
    """(a): precision@10 per method and resume, over resumes whose category has fitting postings."""
    from matching.scoring import PostingIndex, semantic

    fit = json.loads((BENCH_DATA / "category_fit.json").read_text(encoding="utf-8"))["fit"]
    postings, categories = google_postings()
    categories = np.asarray(categories)
    with open(BENCH_DATA / "resumes.csv", newline="", encoding="utf-8") as handle:
        resumes = [(row["Category"], row["Resume"]) for row in csv.DictReader(handle)]
    scored = [(c, t) for c, t in resumes if fit.get(c)]
    index = PostingIndex.build(postings, embed=semantic.embed if "semantic" in modes else None)
    vectors = semantic.embed([t[:4000] for _, t in scored]) if "semantic" in modes else [None] * len(scored)
    methods = {"keyword-count baseline": (None, lambda profile, vector: keyword_baseline(profile.text, index))}
    for mode in modes:
        use = mode == "semantic"
        for label, build in (("profile as import saves it", imported_profile), ("raw resume text", resume_profile)):
            methods[f"engine, {mode}, {label}"] = (
                build, lambda p, v, use=use: engine_scores(p, index, use_semantic=use, profile_vector=v))
        methods[f"engine, {mode}, profile as import saves it, target title = resume category"] = (
            imported_profile, lambda p, v, use=use: engine_scores(p, index, use_semantic=use, profile_vector=v))
    for name, options in ABLATIONS.items():
        methods[f"engine, text mode, profile as import saves it, {name}"] = (
            imported_profile, lambda p, v, options=options: engine_scores(p, index, use_semantic=False, weights=options))
    profiles = {}
    results, by_half = {}, {}
    for method, (build, score) in methods.items():
        build = build or resume_profile
        per_category, halves = {}, ([], [])
        for (category, text), vector in zip(scored, vectors, strict=True):
            title = category if "target title" in method else None
            key = (build, text, title)
            if key not in profiles:
                profiles[key] = build(text, target_title=title)
            top = top_k_rows(score(profiles[key], vector), index.ids, 10)
            precision = float(np.isin(categories[top], fit[category]).mean())
            per_category.setdefault(category, []).append(precision)
            halves[half(text)].append(precision)
        results[method] = per_category
        by_half[method] = halves
    return results, by_half, len(resumes), len(postings)


def _mean(per_category):
    return float(np.mean([value for values in per_category.values() for value in values]))


def evaluate_pairs(modes):
    """(b): ROC-AUC and precision@k for one CV against its labelled job descriptions."""
    from matching.scoring import PostingIndex, semantic
    from matching.scoring.features import posting_features_from_job_fields

    from jobly.profiles.resume.extract import extract_text

    cv_text = extract_text("pdf", (PAIRS / "resume.pdf").read_bytes()).text  # as resume import reads it
    with open(PAIRS / "job_descriptions.shared-half.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    postings = [posting_features_from_job_fields(
        id=i, title=row["job_description"].strip().split("\n", 1)[0][:200], text=row["job_description"])
        for i, row in enumerate(rows)]
    labels = np.asarray([row["label"] == "True" for row in rows])
    halves = np.asarray([half(f"b:{row['job_description_id']}") for row in rows])
    index = PostingIndex.build(postings, embed=semantic.embed if "semantic" in modes else None)
    saved, raw = imported_profile(cv_text), resume_profile(cv_text)
    vector = semantic.embed([cv_text[:4000]])[0] if "semantic" in modes else None
    methods = {"keyword-count baseline": keyword_baseline(cv_text, index)}
    for mode in modes:
        for label, profile in (("profile as import saves it", saved), ("raw resume text", raw)):
            methods[f"engine, {mode}, {label}"] = engine_scores(profile, index, use_semantic=mode == "semantic",
                                                                profile_vector=vector)
    for name, options in ABLATIONS.items():
        methods[f"engine, text mode, profile as import saves it, {name}"] = engine_scores(
            saved, index, use_semantic=False, weights=options)
    results = {}
    for method, scores in methods.items():
        order = top_k_rows(scores, index.ids, len(scores))
        results[method] = {"roc_auc": roc_auc(scores, labels),
                           **{f"p@{k}": float(labels[order[:k]].mean()) for k in (10, 20, 50)},
                           **{name: roc_auc(scores[halves == i], labels[halves == i]) for i, name in enumerate(HALVES)}}
    return results, Counter(labels.tolist())


def print_categories(results, by_half, n_resumes, n_postings):
    print(f"### (a) Category fit: {n_resumes} resumes × {n_postings} postings\n")
    print(f"| method | mean precision@10 | {HALVES[0]} | {HALVES[1]} | resumes scored |\n| --- | ---: | ---: | ---: | ---: |")
    for method, per_category in results.items():
        tuned, held = (float(np.mean(values)) for values in by_half[method])
        print(f"| {method} | {_mean(per_category):.3f} | {tuned:.3f} | {held:.3f} | "
              f"{sum(len(v) for v in per_category.values())} ({len(by_half[method][0])} + {len(by_half[method][1])}) |")
    baseline = results["keyword-count baseline"]
    engine = next(name for name in results if name.endswith("profile as import saves it") and "text" in name)
    raw = engine.replace("profile as import saves it", "raw resume text")
    print(f"\n#### Per resume category: baseline vs {engine} (and raw text)\n")
    print("| resume category | resumes | baseline | engine, saved profile | engine, raw text | engine − baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    losing = []
    for category in sorted(baseline):
        base, mine, plain = (float(np.mean(results[m][category])) for m in ("keyword-count baseline", engine, raw))
        count = len(baseline[category])
        if count >= 3 and mine <= base:
            losing.append(category)
        print(f"| {category} | {count} | {base:.2f} | {mine:.2f} | {plain:.2f} | {mine - base:+.2f} |")
    print(f"\nCategories with ≥ 3 resumes where the saved profile does not beat the baseline: "
          f"{len(losing)} ({', '.join(losing) or 'none'})")


def main():
    _setup()
    from matching.scoring import semantic

    modes = ["text"] + (["semantic"] if semantic.available() and "--text-only" not in sys.argv else [])
    print(f"modes: {', '.join(modes)}\n")
    print_categories(*evaluate_categories(modes))
    if not PAIRS.exists():
        print(f"\n(b) skipped: {PAIRS} not found")
        return
    results, counts = evaluate_pairs(modes)
    print(f"\n### (b) One CV × {sum(counts.values())} labelled job descriptions ({counts[True]} fit, {counts[False]} not)\n")
    print(f"| method | ROC-AUC | {HALVES[0]} | {HALVES[1]} | precision@10 | precision@20 | precision@50 |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for method, r in results.items():
        print(f"| {method} | {r['roc_auc']:.3f} | {r[HALVES[0]]:.3f} | {r[HALVES[1]]:.3f} | "
              f"{r['p@10']:.2f} | {r['p@20']:.2f} | {r['p@50']:.2f} |")


if __name__ == "__main__":
    main()
