"""The reasons a person reads beside a score: matched and missing skills, each component, a summary."""

import math

from .components import COMPONENTS
from .features import REMOTE_TYPES
from .text import key

COMPONENT_LABELS = {
    "required_skills": "Required skills",
    "preferred_skills": "Nice-to-have skills",
    "title_skills": "Skills the title names",
    "skill_kinds": "Kind of skills",
    "text": "Text relevance",
    "title": "Title fit",
    "seniority": "Seniority fit",
    "location": "Location and remote fit",
    "salary": "Salary fit",
    "freshness": "Freshness",
}

# Score bands for the first words of the summary line.
FIT_BANDS = ((75, "Strong fit"), (55, "Good fit"), (35, "Partial fit"), (0, "Weak fit"))
MISSING_NAMED_IN_SUMMARY = 3


def fit_label(score):
    return next(label for floor, label in FIT_BANDS if score >= floor)


def _skill_names(index, row, matrix):
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return [index.skill_names[c] for c in matrix.indices[start:end]]


def posting_reasons(*, index, row, score, values, known, weights, skill_vector, salary_minimum):
    """Reasons for one posting (a row of the index) from the component arrays already computed."""
    required = _skill_names(index, row, index.required)
    preferred = _skill_names(index, row, index.preferred)

    def has(name):
        return skill_vector[index.skills.columns[key(name)]] > 0

    matched_required = [s for s in required if has(s)]
    missing_required = [s for s in required if not has(s)]
    matched_preferred = [s for s in preferred if has(s)]
    missing_preferred = [s for s in preferred if not has(s)]

    # The weight a component had for this posting: its setting × its confidence (1 or 0 for most).
    row_weights = {name: weights[name] * float(known[name][row]) for name in COMPONENTS}
    total_weight = sum(row_weights.values())
    components = {}
    for name in COMPONENTS:
        is_known = bool(known[name][row])
        value = float(values[name][row]) if is_known else None
        contribution = 100.0 * row_weights[name] * value / total_weight if is_known and total_weight else 0.0
        components[name] = {
            "label": COMPONENT_LABELS[name],
            "value": None if value is None else round(value, 3),
            "weight": round(row_weights[name], 4),
            "contribution": round(contribution, 1),
        }

    remote_type = REMOTE_TYPES[int(index.remote[row])]
    location = index.location_names[int(index.location[row])]
    summary = summary_line(
        score=score, matched_required=matched_required, required=required, missing_required=missing_required,
        remote_type=remote_type, location=location, salary_known=bool(known["salary"][row]),
        salary_top=float(index.derived()["salary_top"][row]), salary_minimum=salary_minimum,
    )
    return {
        "summary": summary,
        "matched_skills": matched_required + matched_preferred,
        "missing_required_skills": missing_required,
        "matched_preferred_skills": matched_preferred,
        "missing_preferred_skills": missing_preferred,
        "components": components,
    }


def summary_line(*, score, matched_required, required, missing_required, remote_type, location,
                 salary_known, salary_top, salary_minimum):
    """One line such as "Strong fit: 8 of 10 required skills; missing Kubernetes, Terraform; remote; …"."""
    parts = []
    if required:
        parts.append(f"{len(matched_required)} of {len(required)} required skills")
        if missing_required:
            named = ", ".join(missing_required[:MISSING_NAMED_IN_SUMMARY])
            more = len(missing_required) - MISSING_NAMED_IN_SUMMARY
            parts.append(f"missing {named}" + (f" and {more} more" if more > 0 else ""))
    else:
        parts.append("no skills listed")
    place = location
    parts.append({"remote": "remote", "hybrid": f"hybrid{' in ' + place if place else ''}",
                  "onsite": f"on-site{' in ' + place if place else ''}"}.get(remote_type, place or "location not stated"))
    if salary_minimum and salary_known and not math.isnan(salary_top):
        if salary_top >= salary_minimum:
            parts.append("salary above your minimum" if salary_top > salary_minimum else "salary at your minimum")
        else:
            parts.append(f"salary {round(100 * (1 - salary_top / salary_minimum))}% below your minimum")
    elif salary_minimum:
        parts.append("salary not stated")
    return f"{fit_label(score)}: " + "; ".join(parts)
