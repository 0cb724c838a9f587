"""The score components: each maps every posting of an index to a value in 0–1 at once.

Each component returns `(values, known)`: float32 values and, per posting, whether the
component has something to say (a boolean mask, or for skills a confidence in 0–1 that
scales the component's weight). Where it has not (salary not published, seniority not
stated, no posting date), the component is left out of that posting's weighted mean, so an
unknown is neither a reward nor a penalty.
"""

import json
import math
from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .features import REMOTE_TYPES, annual_amount, seniority_rank
from .index import title_tokens
from .text import DATA_DIR, content_tokens, key, tokens

COMPONENTS = ("required_skills", "preferred_skills", "title_skills", "skill_kinds", "text", "title", "seniority",
              "location", "salary", "freshness")

# A profile skill counts fully unless its owner calls it a beginner's one.
SKILL_LEVEL_STRENGTH = {"beginner": 0.6, "novice": 0.6, "basic": 0.6, "elementary": 0.6, "intermediate": 0.85}


def profile_skill_vector(profile, index):
    """Strength (0–1) of each of the index's skills in the profile."""
    vector = np.zeros(len(index.skills), dtype=np.float32)
    for skill in profile.skills:
        col = index.skills.columns.get(key(skill.name))
        if col is not None:
            vector[col] = max(vector[col], SKILL_LEVEL_STRENGTH.get(skill.level.strip().lower(), 1.0))
    return vector


def skill_categories(index):
    """Per skill column of the index: the number of its vocabulary category, -1 for generic ones.

    Generic categories (soft skills, spoken languages: `generic_skill_categories` in weights.json)
    say little about what kind of job a posting is, so they neither make a posting "covered" nor
    name its kind of work.
    """
    derived = index.derived()
    cached = derived.get("skill_categories")
    if cached is None or len(cached) != len(index.skills):
        cached = derived["skill_categories"] = np.asarray([category_number(n) for n in index.skill_names], dtype=np.int64)
    return cached


def category_number(skill_name):
    """The number of a skill's vocabulary category (-1 for generic or unknown skills)."""
    from jobly.skills import skill_category

    return category_numbers().get(skill_category(skill_name) or "", -1)


@lru_cache(maxsize=1)
def category_numbers():
    from jobly.skills import vocabulary

    generic = set(generic_skill_categories())
    names = sorted({skill.category for skill in vocabulary().skills.values()} - generic)
    return {name: number for number, name in enumerate(names)}


@lru_cache(maxsize=1)
def generic_skill_categories():
    return tuple(json.loads((DATA_DIR / "weights.json").read_text(encoding="utf-8"))["generic_skill_categories"])


def skill_weights(index, constants):
    """IDF of each skill column, generic skills scaled down by `generic_skill_weight`."""
    idf = index.derived()["skill_idf"]
    return np.where(skill_categories(index) < 0, constants["generic_skill_weight"] * idf, idf).astype(np.float32)


def skill_coverage(matrix, counts, skill_vector, skill_idf, constants):
    """IDF-weighted share of each posting's listed skills that the profile has, and how much to trust it.

    Rare skills (Kubernetes) weigh more than ones nearly every posting lists (Communication).
    The second array is a confidence in 0–1 that scales the component's weight: a posting that
    lists one generic skill says little, so `skill_evidence` average skills' worth of doubt is
    added (listed / (listed + evidence)); a posting listing no skills leaves the component out.
    """
    listed = matrix @ skill_idf
    known = counts > 0
    if not len(skill_vector):
        return np.zeros(matrix.shape[0], dtype=np.float32), known.astype(np.float32)
    covered = matrix @ (skill_vector * skill_idf)
    values = np.divide(covered, listed, out=np.zeros_like(covered), where=known)
    doubt = constants["skill_evidence"] * float(skill_idf.mean())
    confidence = np.where(known, listed / (listed + doubt), 0.0)
    return values.astype(np.float32), confidence.astype(np.float32)


def title_skill_fit(index, skill_vector):
    """Share of the skills a posting's title names ("Python Developer", "Android Engineer") that the
    profile has; unknown when the title names none (generic skills left out).

    A title that names a technology says what the job is about more surely than the body, which
    lists everything the team touches: a Python developer fits "Senior Python Engineer" better than
    "Staff Software Engineer (Kubernetes, Rust)" even when both bodies mention Python.
    """
    derived = index.derived()
    if "title_skills" not in derived:  # the same for every profile: once per index content
        named = index.title_skills.multiply((skill_categories(index) >= 0)[np.newaxis, :].astype(np.float32)).tocsr()
        derived["title_skills"] = (named, np.asarray(named.sum(axis=1)).ravel())
    named, counts = derived["title_skills"]
    known = counts > 0
    if not len(skill_vector):
        return np.zeros(len(index.ids), dtype=np.float32), known
    values = np.divide(named @ skill_vector, counts, out=np.zeros(len(counts)), where=known)
    return values.astype(np.float32), known


def skill_kind_fit(profile, index, weights, constants):
    """How alike the kinds of the profile's skills and of the posting's are (cosine over vocabulary
    categories, each skill weighted by its IDF): a posting asking for languages, databases and cloud
    suits a developer even when it names other languages than theirs, and a posting asking for
    sales and accounting does not, whatever words its text shares with the resume. Unknown when
    either side names no specific skill."""
    n = len(index.ids)
    kinds = len(category_numbers())
    profile_kinds = np.zeros(kinds, dtype=np.float64)
    rarest = float(index.derived()["skill_idf"].max()) if len(index.skills) else 1.0
    for skill in profile.skills:
        number = category_number(skill.name)
        if number >= 0:
            col = index.skills.columns.get(key(skill.name))
            strength = SKILL_LEVEL_STRENGTH.get(skill.level.strip().lower(), 1.0)
            profile_kinds[number] += strength * (weights[col] if col is not None else rarest)  # no posting lists it: rare
    categories = skill_categories(index)
    specific = np.flatnonzero(categories >= 0)
    profile_norm = float(np.linalg.norm(profile_kinds))
    if not len(specific) or profile_norm == 0:
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=bool)
    postings, norms = _posting_kinds(index, weights, constants, specific, categories, kinds)
    known = norms > 0
    values = np.divide(postings @ profile_kinds, norms * profile_norm, out=np.zeros(n), where=known)
    return values.astype(np.float32), known


def _posting_kinds(index, weights, constants, specific, categories, kinds):
    """Each posting's IDF-weighted skill categories and their norms: the same for every profile, so
    computed once per index content and constants."""
    cache = index.derived().setdefault("posting_kinds", {})
    cache_key = (constants["generic_skill_weight"], constants["preferred_kind_share"], len(categories))
    if cache_key not in cache:
        by_kind = sp.csr_matrix((weights[specific], (specific, categories[specific])), shape=(len(categories), kinds))
        postings = ((index.required + constants["preferred_kind_share"] * index.preferred) @ by_kind).tocsr()
        cache[cache_key] = (postings, np.sqrt(np.asarray(postings.multiply(postings).sum(axis=1)).ravel()))
    return cache[cache_key]


def text_relevance(profile, index, derived, constants):
    """TF-IDF cosine between the profile's text and each posting, saturated to 0–1.

    IDF is softened (raised to `text_idf_power`, 0.5 by default): with full IDF a word the
    profile mentions once that only one posting uses outweighs the shared vocabulary of a
    trade; the evaluation in docs/QUALITY.md chose the power.
    """
    n = len(index.ids)
    counts = Counter(t for t in content_tokens(profile.text) if t in index.terms.columns)
    if not counts:
        return np.zeros(n, dtype=np.float32), np.ones(n, dtype=bool)
    power = constants["text_idf_power"]
    idf = derived["idf"] ** power
    cols = np.fromiter((index.terms.columns[t] for t in counts), dtype=np.int64, count=len(counts))
    weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))) * idf[cols]
    query = np.zeros(len(idf), dtype=np.float32)
    query[cols] = weights * idf[cols]  # the row side carries raw tf, so idf enters twice here
    cosine = (index.tf @ query) / (index.text_row_norm(power) * np.linalg.norm(weights))
    return np.minimum(1.0, cosine / constants["text_saturation"]).astype(np.float32), np.ones(n, dtype=bool)


def semantic_similarity(profile_vector, index, constants):
    """Embedding cosine rescaled so unrelated text (floor) is 0 and close text (saturation) is 1."""
    cosine = index.embeddings @ profile_vector
    floor, top = constants["semantic_floor"], constants["semantic_saturation"]
    return np.clip((cosine - floor) / (top - floor), 0.0, 1.0).astype(np.float32)


@lru_cache(maxsize=1)
def title_word_groups():
    """Word → the words of its group in title_words.json (itself included)."""
    groups = json.loads((DATA_DIR / "title_words.json").read_text(encoding="utf-8"))["groups"]
    members = {}
    for group in groups:
        words = {token for word in group for token in title_tokens(word)}
        for word in words:
            members.setdefault(word, set()).update(words)
    return members


def _title_columns(word, index):
    """Columns of the index's title words that say `word` (the word itself or one of its group)."""
    words = title_word_groups().get(word, {word})
    return [index.title_terms.columns[w] for w in words if w in index.title_terms.columns]


def title_fit(profile, index, derived, constants):
    """How well each posting's title names a job the profile targets (or recently held).

    A wanted word is found when the posting's title has it or a word of its group ("developer" in
    "Software Engineer"'s place). Target titles count fully; recent job titles, which say what the
    person did rather than what they want, are weaker evidence: the component's confidence is
    `recent_title_confidence` when the profile names no target title.
    """
    n = len(index.ids)
    best = np.zeros(n, dtype=np.float32)
    titles = [(t, 1.0) for t in profile.target_titles] + [(t, constants["recent_title_factor"]) for t in profile.recent_titles]
    scored_any = False
    for title, factor in titles:
        words = title_tokens(title)
        if not words:
            continue
        scored_any = True
        shared = np.zeros(n, dtype=np.float32)
        for word in words:
            cols = _title_columns(word, index)
            if cols:
                query = np.zeros(len(index.title_terms), dtype=np.float32)
                query[cols] = 1.0
                shared += np.minimum(1.0, index.title @ query)  # a word is found once, however many group words
        coverage = shared / len(words)  # how much of the wanted title the posting's title says
        dice = 2 * shared / (len(words) + derived["title_len"])  # penalises titles about something more
        best = np.maximum(best, factor * (0.7 * coverage + 0.3 * dice))
    confidence = 1.0 if profile.target_titles else constants["recent_title_confidence"]
    return best.astype(np.float32), np.full(n, confidence * scored_any, dtype=np.float32)


def seniority_fit(profile, index, constants):
    """1 for the profile's level, less per level apart; unknown when either side does not say."""
    wanted = seniority_rank(profile.seniority)
    n = len(index.ids)
    if wanted < 0:
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=bool)
    known = index.seniority >= 0
    gap = np.abs(index.seniority.astype(np.float32) - wanted)
    return np.clip(1.0 - constants["seniority_step_penalty"] * gap, 0.0, 1.0).astype(np.float32), known


def location_matches(profile, index):
    """Per location in the index's location table: does it match one of the profile's targets?"""
    targets = [tokens(t) for t in profile.target_locations if tokens(t) and key(t) not in ("remote", "anywhere")]
    matches = np.zeros(len(index.locations), dtype=bool)
    if not targets:
        return matches, False
    for i, words in enumerate(index.location_words()):  # distinct locations, not postings
        matches[i] = any(set(target) <= words for target in targets)
    return matches, True


def location_fit(profile, index, remote_fit, constants):
    """Remote/hybrid/on-site against the profile's preference, on-site places against its targets."""
    n = len(index.ids)
    preference = profile.remote_preference if profile.remote_preference in remote_fit else "any"
    table = np.asarray([remote_fit[preference].get(t, 0.0) for t in REMOTE_TYPES[:3]] + [math.nan], dtype=np.float32)
    values = table[index.remote]
    matches, has_targets = location_matches(profile, index)
    has_location = np.asarray([bool(name) for name in index.locations.names], dtype=bool)[index.location] \
        if len(index.locations) else np.zeros(n, dtype=bool)
    matched = matches[index.location] if len(index.locations) else np.zeros(n, dtype=bool)
    in_place = index.remote != 0  # hybrid, on-site or unknown: the place matters
    if has_targets:
        mismatch = in_place & has_location & ~matched
        values = np.where(mismatch, np.nan_to_num(values, nan=1.0) * constants["location_mismatch_factor"], values)
        values = np.where(np.isnan(values) & has_location & matched, 1.0, values)
    known = ~np.isnan(values)
    return np.nan_to_num(values, nan=0.0).astype(np.float32), known


def salary_fit(profile, index, derived, constants):
    """1 when the posting's top of range reaches the profile's minimum, falling as it falls short."""
    n = len(index.ids)
    minimum = annual_amount(profile.min_salary, "year")
    if not minimum:
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=bool)
    top = derived["salary_top"]
    wanted_currency = index.currencies.columns.get((profile.salary_currency or "").upper(), -1)
    # A salary without a currency is read as the profile's own (feeds rarely omit it across borders).
    same_currency = (index.currency == wanted_currency) | (index.currency == 0)
    known = ~np.isnan(top) & same_currency
    ratio = np.nan_to_num(top, nan=0.0) / minimum
    values = np.clip(1.0 - constants["salary_shortfall_slope"] * (1.0 - ratio), 0.0, 1.0)
    return values.astype(np.float32), known


def freshness(index, now, constants):
    """Halves every `freshness_half_life_days`; unknown when the posting has no date."""
    age_days = np.maximum(0.0, (now.timestamp() - index.posted_at) / 86400.0)
    known = ~np.isnan(index.posted_at)
    values = np.power(0.5, np.nan_to_num(age_days, nan=0.0) / constants["freshness_half_life_days"])
    return values.astype(np.float32), known


def dropped_postings(profile, index):
    """Postings the profile rules out: excluded companies and avoided keywords (all words present)."""
    n = len(index.ids)
    dropped = np.zeros(n, dtype=bool)
    excluded = [index.companies.columns[key(c)] for c in profile.excluded_companies if key(c) in index.companies.columns]
    if excluded:
        dropped |= np.isin(index.company, excluded)
    for phrase in profile.avoid_keywords:
        words = content_tokens(phrase) or tokens(phrase)
        if not words or any(w not in index.terms.columns for w in words):
            continue
        present = np.ones(n, dtype=bool)
        for word in words:
            column = np.zeros(len(index.terms), dtype=np.float32)
            column[index.terms.columns[word]] = 1.0
            present &= (index.tf @ column) > 0
        dropped |= present
    return dropped
