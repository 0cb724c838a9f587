"""Score the resume parser against tests/data/resumes/expected.yaml (also prints docs/QUALITY.md's table).

    DATABASE_URL=... .venv/bin/python -m tests.jobly.profiles.resume_quality
"""

import csv
from pathlib import Path

import yaml

from jobly.profiles.resume.extract import extract_text
from jobly.profiles.resume.parse import parse_resume_text
from jobly.skills import normalize_skill

DATA = Path(__file__).resolve().parents[2] / "data" / "resumes"
KIND_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "markdown"}


def expectations():
    return yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))


def resume_text(key):
    if key.startswith("csv:"):
        category = key.split(":", 1)[1]
        with open(DATA / "resumes-sample.csv", encoding="utf-8", newline="") as handle:
            return next(row["Resume"] for row in csv.DictReader(handle) if row["Category"] == category)
    path = DATA / key
    return extract_text(KIND_BY_SUFFIX[path.suffix], path.read_bytes()).text


def _contains(expected, parsed):
    return expected.lower() in (parsed or "").lower()


def skill_found(expected, draft_skills):
    wanted = {expected.lower(), (normalize_skill(expected) or expected).lower()}
    return any({(skill.get("name") or "").lower(), (skill.get("normalized") or "").lower()} & wanted for skill in draft_skills)


def entry_found(expected, entries, keys):
    for entry in entries:
        ok = True
        for key in keys:
            if key not in expected:
                continue
            if key in ("title", "company", "institution"):
                ok = ok and _contains(expected[key], entry.get(key))
            else:
                ok = ok and expected[key] == entry.get(key)
        if ok:
            return True
    return False


def score(key, expected, draft):
    """Counts of (found, expected) per field for one resume."""
    result = {}
    if "name" in expected:
        result["name"] = (int(draft["full_name"] == expected["name"]), 1)
    if "email" in expected:
        result["email"] = (int(draft["email"] == expected["email"]), 1)
    experience = expected.get("experience") or []
    result["titles"] = (
        sum(entry_found({"title": e["title"]}, draft["experience"], ["title"]) for e in experience if "title" in e),
        sum(1 for e in experience if "title" in e),
    )
    result["companies"] = (
        sum(entry_found({"company": e["company"]}, draft["experience"], ["company"]) for e in experience if "company" in e),
        sum(1 for e in experience if "company" in e),
    )
    dated = [e for e in experience if "start" in e or "end" in e or "current" in e]
    result["dates"] = (sum(entry_found(e, draft["experience"], ["company", "start", "end", "current"]) for e in dated), len(dated))
    education = expected.get("education") or []
    result["education"] = (sum(entry_found(e, draft["education"], ["institution", "start", "end"]) for e in education), len(education))
    skills = expected.get("skills") or []
    result["skills"] = (sum(skill_found(skill, draft["skills"]) for skill in skills), len(skills))
    result["missing_skills"] = [skill for skill in skills if not skill_found(skill, draft["skills"])]
    return result


def evaluate():
    """(label, scores) per resume. Labels keep real people's names (file names) out of docs."""
    rows = []
    for key, expected in expectations().items():
        draft = parse_resume_text(resume_text(key))
        if key.startswith("csv:"):
            label = f"resumes.csv: {key[4:]}"
        else:
            label = f"{expected.get('label') or Path(key).stem}, {Path(key).suffix[1:].upper()}"
        rows.append((label, score(key, expected, draft)))
    return rows


def markdown_table(rows):
    fields = ["name", "email", "titles", "companies", "dates", "education", "skills"]
    totals = {field: [0, 0] for field in fields}
    lines = ["| resume | " + " | ".join(fields) + " |", "|---|" + "---|" * len(fields)]
    for key, result in rows:
        cells = []
        for field in fields:
            if field in result and result[field][1]:
                found, total = result[field]
                totals[field][0] += found
                totals[field][1] += total
                cells.append(f"{found}/{total}")
            else:
                cells.append("–")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    share = [f"**{found}/{total} ({100 * found / total:.0f}%)**" if total else "–" for found, total in totals.values()]
    lines.append("| **all** | " + " | ".join(share) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import django
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    django.setup()
    results = evaluate()
    print(markdown_table(results))
    for key, result in results:
        if result["missing_skills"]:
            print(f"- {key}: missed {', '.join(result['missing_skills'])}")
