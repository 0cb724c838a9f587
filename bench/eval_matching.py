"""Evaluation of the matching engine on real data, next to a plain keyword-count baseline.

(a) The 90 categorised resumes of bench/data/resumes.csv against the 630 categorised postings
    of bench/data/postings.csv: precision@10 = share of a resume's top 10 postings whose
    category fits the resume's (bench/data/category_fit.json), averaged over resumes.
(b) One real CV against 317 job descriptions its owner labelled fit / not fit (shared data,
    matching-pairs/panoslin-resume-jd-relevancy): ROC-AUC and precision@k.

Run `python -m bench.eval_matching` (text mode), and with the semantic extra installed it adds
the semantic mode. Prints Markdown; only numbers, never resume text (the CV is personal data).
"""

import csv
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
    "skills only": {"weights": {"required_skills": 1, "preferred_skills": 0.25, "text": 0, "title": 0}},
    "text only": {"weights": {"required_skills": 0, "preferred_skills": 0, "text": 1, "title": 0}},
}


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


def evaluate_categories(modes):
    """(a): mean precision@10 per method over resumes whose category has fitting postings."""
    from matching.scoring import PostingIndex, semantic

    fit = json.loads((BENCH_DATA / "category_fit.json").read_text(encoding="utf-8"))["fit"]
    postings, categories = google_postings()
    categories = np.asarray(categories)
    with open(BENCH_DATA / "resumes.csv", newline="", encoding="utf-8") as handle:
        resumes = [(row["Category"], row["Resume"]) for row in csv.DictReader(handle)]
    scored = [(c, t) for c, t in resumes if fit.get(c)]
    index = PostingIndex.build(postings, embed=semantic.embed if "semantic" in modes else None)
    vectors = semantic.embed([t[:4000] for _, t in scored]) if "semantic" in modes else [None] * len(scored)
    methods = {"keyword-count baseline": lambda profile, vector: keyword_baseline(profile.text, index)}
    for mode in modes:
        use = mode == "semantic"
        methods[f"engine, {mode}"] = lambda p, v, use=use: engine_scores(p, index, use_semantic=use, profile_vector=v)
        methods[f"engine, {mode}, target title = resume category"] = (
            lambda p, v, use=use: engine_scores(p, index, use_semantic=use, profile_vector=v))
    for name, options in ABLATIONS.items():
        methods[f"engine, text mode, {name}"] = (
            lambda p, v, options=options: engine_scores(p, index, use_semantic=False, weights=options))
    results = {}
    for method, score in methods.items():
        precisions = []
        for (category, text), vector in zip(scored, vectors, strict=True):
            profile = resume_profile(text, target_title=category if "target title" in method else None)
            top = top_k_rows(score(profile, vector), index.ids, 10)
            precisions.append(float(np.isin(categories[top], fit[category]).mean()))
        results[method] = (float(np.mean(precisions)), len(precisions))
    return results, len(resumes), len(postings)


def evaluate_pairs(modes):
    """(b): ROC-AUC and precision@k for one CV against its labelled job descriptions."""
    from pypdf import PdfReader

    from matching.scoring import PostingIndex, semantic
    from matching.scoring.features import posting_features_from_job_fields

    cv_text = "\n".join(page.extract_text() or "" for page in PdfReader(PAIRS / "resume.pdf").pages)
    with open(PAIRS / "job_descriptions.shared-half.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    postings = [posting_features_from_job_fields(
        id=i, title=row["job_description"].strip().split("\n", 1)[0][:200], text=row["job_description"])
        for i, row in enumerate(rows)]
    labels = np.asarray([row["label"] == "True" for row in rows])
    index = PostingIndex.build(postings, embed=semantic.embed if "semantic" in modes else None)
    profile = resume_profile(cv_text)
    vector = semantic.embed([cv_text[:4000]])[0] if "semantic" in modes else None
    methods = {"keyword-count baseline": keyword_baseline(cv_text, index)}
    for mode in modes:
        methods[f"engine, {mode}"] = engine_scores(profile, index, use_semantic=mode == "semantic",
                                                   profile_vector=vector)
    for name, options in ABLATIONS.items():
        methods[f"engine, text mode, {name}"] = engine_scores(profile, index, use_semantic=False, weights=options)
    results = {}
    for method, scores in methods.items():
        order = top_k_rows(scores, index.ids, len(scores))
        results[method] = {"roc_auc": roc_auc(scores, labels),
                           **{f"p@{k}": float(labels[order[:k]].mean()) for k in (10, 20, 50)}}
    return results, Counter(labels.tolist())


def main():
    _setup()
    from matching.scoring import semantic

    modes = ["text"] + (["semantic"] if semantic.available() and "--text-only" not in sys.argv else [])
    print(f"modes: {', '.join(modes)}\n")
    results, n_resumes, n_postings = evaluate_categories(modes)
    print(f"### (a) Category fit: {n_resumes} resumes × {n_postings} postings\n")
    print("| method | mean precision@10 | resumes scored |\n| --- | ---: | ---: |")
    for method, (precision, count) in results.items():
        print(f"| {method} | {precision:.3f} | {count} |")
    if not PAIRS.exists():
        print(f"\n(b) skipped: {PAIRS} not found")
        return
    results, counts = evaluate_pairs(modes)
    print(f"\n### (b) One CV × {sum(counts.values())} labelled job descriptions ({counts[True]} fit, {counts[False]} not)\n")
    print("| method | ROC-AUC | precision@10 | precision@20 | precision@50 |\n| --- | ---: | ---: | ---: | ---: |")
    for method, r in results.items():
        print(f"| {method} | {r['roc_auc']:.3f} | {r['p@10']:.2f} | {r['p@20']:.2f} | {r['p@50']:.2f} |")


if __name__ == "__main__":
    main()
