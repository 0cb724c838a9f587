"""Rank every posting of an index for a profile: vectorised components, weighted mean, reasons for the top.

    index = PostingIndex.build(postings)
    matches = rank(profile, index, top_k=50)          # best first, each with its reasons

The final score is 100 × the weighted mean of the components known for that posting (a
component with nothing to say about a posting, such as an unpublished salary, is left out of
its mean rather than counted as 0 or as a guess).
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np

from . import components as parts
from . import semantic
from .components import COMPONENTS
from .features import REMOTE_TYPES, annual_amount
from .reasons import posting_reasons
from .text import DATA_DIR


@dataclass
class ScoredMatch:
    posting_id: int | str
    score: float  # 0–100, one decimal
    components: dict = field(default_factory=dict)  # name → {"label", "value", "weight", "contribution"}
    reasons: dict = field(default_factory=dict)  # summary, matched/missing skills, components

    @property
    def summary(self):
        return self.reasons.get("summary", "")


@lru_cache(maxsize=1)
def default_settings():
    return json.loads((DATA_DIR / "weights.json").read_text(encoding="utf-8"))


def resolve_weights(overrides=None):
    """(weights, constants, remote_fit) from the defaults and an override dict.

    `overrides` may be flat (`{"salary": 0.1}`) or shaped like weights.json
    (`{"weights": {...}, "constants": {...}, "remote_fit": {...}}`); unknown names are an error,
    so a typo in the MATCH_WEIGHTS setting does not pass silently.
    """
    defaults = default_settings()
    weights, constants = dict(defaults["weights"]), dict(defaults["constants"])
    remote_fit = {k: dict(v) for k, v in defaults["remote_fit"].items()}
    overrides = dict(overrides or {})
    nested = {name: overrides.pop(name) for name in ("weights", "constants", "remote_fit") if name in overrides}
    for name, value in {**nested.get("weights", {}), **overrides}.items():
        if name in weights:
            weights[name] = float(value)
        elif name in constants:
            constants[name] = float(value)
        else:
            raise ValueError(f"unknown matching weight {name!r}; known: {', '.join([*weights, *constants])}")
    for name, value in nested.get("constants", {}).items():
        if name not in constants:
            raise ValueError(f"unknown matching constant {name!r}")
        constants[name] = float(value)
    for preference, table in nested.get("remote_fit", {}).items():
        remote_fit.setdefault(preference, {}).update({k: float(v) for k, v in table.items()})
    if any(w < 0 for w in weights.values()) or not any(weights.values()):
        raise ValueError("matching weights must be non-negative and not all zero")
    return weights, constants, remote_fit


def mode(index=None):
    """'semantic' when embeddings can join text relevance (for this index, when given), else 'text'."""
    if not semantic.available():
        return "text"
    if index is not None and index.embeddings is None:
        return "text"
    return "semantic"


def score_components(profile, index, *, weights=None, now=None, use_semantic=None, profile_vector=None):
    """Every component for every posting: (values, known, dropped, skill_vector, resolved weights)."""
    weights, constants, remote_fit = resolve_weights(weights)
    now = now or datetime.now(UTC)
    derived = index.derived()
    skill_vector = parts.profile_skill_vector(profile, index)
    values, known = {}, {}
    skill_weights = parts.skill_weights(index, constants)
    values["required_skills"], known["required_skills"] = parts.skill_coverage(
        index.required, derived["required_count"], skill_vector, skill_weights, constants)
    values["preferred_skills"], known["preferred_skills"] = parts.skill_coverage(
        index.preferred, derived["preferred_count"], skill_vector, skill_weights, constants)
    values["title_skills"], known["title_skills"] = parts.title_skill_fit(index, skill_vector)
    values["skill_kinds"], known["skill_kinds"] = parts.skill_kind_fit(profile, index, skill_weights, constants)
    values["text"], known["text"] = parts.text_relevance(profile, index, derived, constants)
    if use_semantic is None:
        use_semantic = mode(index) == "semantic"
    if use_semantic and index.embeddings is not None:
        if profile_vector is None:
            profile_vector = semantic.embed([profile.text[:4000]])[0]
        share = constants["semantic_share"]
        values["text"] = ((1 - share) * values["text"]
                          + share * parts.semantic_similarity(profile_vector, index, constants)).astype(np.float32)
    values["title"], known["title"] = parts.title_fit(profile, index, derived, constants)
    values["seniority"], known["seniority"] = parts.seniority_fit(profile, index, constants)
    values["location"], known["location"] = parts.location_fit(profile, index, remote_fit, constants)
    values["salary"], known["salary"] = parts.salary_fit(profile, index, derived, constants)
    values["freshness"], known["freshness"] = parts.freshness(index, now, constants)
    dropped = parts.dropped_postings(profile, index)
    return values, known, dropped, skill_vector, weights


def combine(values, known, weights):
    """0–100 weighted mean over the components known for each posting."""
    n = len(next(iter(values.values())))
    numerator, denominator = np.zeros(n, dtype=np.float64), np.zeros(n, dtype=np.float64)
    for name in COMPONENTS:
        weight = weights[name] * known[name]
        numerator += weight * values[name]
        denominator += weight
    return np.round(100.0 * np.divide(numerator, denominator, out=np.zeros(n), where=denominator > 0), 1)


def filter_mask(index, scores, filters):
    """Postings kept by the list filters: min_score, remote (types), posted_since, min_salary, ids,
    exclude_ids."""
    keep = np.ones(len(index.ids), dtype=bool)
    if not filters:
        return keep
    if filters.get("min_score") is not None:
        keep &= scores >= float(filters["min_score"])
    if filters.get("remote"):
        wanted = [REMOTE_TYPES.index(t) for t in filters["remote"] if t in REMOTE_TYPES]
        keep &= np.isin(index.remote, wanted)
    if filters.get("posted_since") is not None:
        keep &= index.posted_at >= filters["posted_since"].timestamp()  # undated postings fall out
    if filters.get("min_salary") is not None:
        top = index.derived()["salary_top"]
        keep &= np.nan_to_num(top, nan=-1.0) >= float(filters["min_salary"])  # unstated salaries fall out
    if filters.get("ids") is not None:
        keep &= np.isin(index.ids, np.asarray(list(filters["ids"])))
    if filters.get("exclude_ids"):
        keep &= ~np.isin(index.ids, np.asarray(list(filters["exclude_ids"])))
    return keep


def top_rows(index, scores, eligible, top_k):
    """Rows of the best `top_k` eligible postings, by score then posting id (deterministic)."""
    rows = np.flatnonzero(eligible)
    if top_k is not None and len(rows) > top_k:
        # argpartition finds the k best in O(n); the ties at the cut are settled below by id.
        cut = np.partition(scores[rows], len(rows) - top_k)[len(rows) - top_k]
        rows = rows[scores[rows] >= cut]
    order = np.lexsort((index.ids[rows], -scores[rows]))
    rows = rows[order]
    return rows if top_k is None else rows[:top_k]


def rank(profile, index, *, top_k=50, weights=None, filters=None, now=None, use_semantic=None, profile_vector=None):
    """The best `top_k` postings of `index` for `profile` (None: all of them), best first, with reasons."""
    if not len(index):
        return []
    values, known, dropped, skill_vector, resolved = score_components(
        profile, index, weights=weights, now=now, use_semantic=use_semantic, profile_vector=profile_vector)
    scores = combine(values, known, resolved)
    eligible = ~dropped & filter_mask(index, scores, filters)
    salary_minimum = annual_amount(profile.min_salary, "year")
    matches = []
    for row in top_rows(index, scores, eligible, top_k):
        reasons = posting_reasons(index=index, row=row, score=float(scores[row]), values=values, known=known,
                                  weights=resolved, skill_vector=skill_vector, salary_minimum=salary_minimum)
        posting_id = index.ids[row].item()
        matches.append(ScoredMatch(posting_id=posting_id, score=float(scores[row]),
                                   components=reasons["components"], reasons=reasons))
    return matches


def rank_many(profiles, index, **options):
    """`rank` for several profiles against one index (the derived arrays are computed once)."""
    return [rank(profile, index, **options) for profile in profiles]
