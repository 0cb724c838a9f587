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


# Real CVs copied into tests/data/resumes (PII: only counts and these labels are ever printed).
# "tuned" says whether the parser was changed after looking at that file.
REAL_FILES = [
    ("Alice Clark CV.docx", "sample CV, DOCX", True),
    ("Alice Clark CV.pdf", "sample CV, PDF", True),
    ("Joel_Pawar.pdf", "student CV A, PDF", True),
    ("deon_gracias_resume.pdf", "student CV B, PDF", True),
    ("resume_Soham_Mane.pdf", "student CV C, PDF", True),
    ("resume_alroy_pereira.pdf", "student CV D, PDF", True),
    ("resume_peter_Fernando.pdf", "marketing CV, dates column, PDF", True),
    ("panoslin-resume.pdf", "software engineer CV, PDF", True),
    ("ryan_resume_23.pdf", "student CV E, PDF", False),
]
INDEED_SET = "indeed-resumes-entities.first100.json"


def import_check(path):
    """What the import floor asks of one file: name, e-mail (when the file has one), a job with title and company."""
    import re

    kind = "pdf" if path.suffix == ".pdf" else "docx"
    extracted = extract_text(kind, path.read_bytes())
    draft = parse_resume_text(extracted.text)
    has_email = bool(re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", extracted.text))
    return {
        "method": extracted.method,
        "name": bool(draft["full_name"]),
        "email": bool(draft["email"]) if has_email else None,
        "job": any(entry["title"] and entry["company"] for entry in draft["experience"]),
        "jobs": len(draft["experience"]),
        "education": len(draft["education"]),
        "skills": len(draft["skills"]),
    }


def import_floor_table(root=DATA):
    lines = ["| file | tuned on | read by | name | e-mail | a job with title and company | jobs | education | skills |",
             "|---|---|---|---|---|---|---:|---:|---:|"]
    for relative, label, tuned in REAL_FILES:
        check = import_check(root / relative)
        mark = {True: "yes", False: "**no**", None: "– (none in the file)"}
        lines.append(f"| {label} | {'yes' if tuned else 'no'} | {check['method']} | {mark[check['name']]} | "
                     f"{mark[check['email']]} | {mark[check['job']]} | {check['jobs']} | {check['education']} | {check['skills']} |")
    return "\n".join(lines)


def indeed_scores(root=DATA):
    """Single-line Indeed exports with hand-labelled spans: share of names, companies and designations found."""
    import json

    data = json.loads((root / INDEED_SET).read_text(encoding="utf-8"))
    totals = {"resumes": 0, "names": [0, 0], "companies": [0, 0], "designations": [0, 0], "a job": [0, 0]}
    for text, annotations in data:
        spans = annotations["entities"]
        labelled = lambda label: {text[start:end].strip() for start, end, kind in spans if kind == label}  # noqa: E731
        draft = parse_resume_text(text)
        totals["resumes"] += 1
        names = labelled("Name")
        totals["names"][0] += bool(names) and draft["full_name"] in names
        totals["names"][1] += bool(names)
        for key, label, field in (("companies", "Companies worked at", "company"), ("designations", "Designation", "title")):
            for value in labelled(label):
                totals[key][1] += 1
                totals[key][0] += any(value.lower() in (entry[field] or "").lower() or (entry[field] and entry[field].lower() in value.lower())
                                      for entry in draft["experience"])
        totals["a job"][0] += any(entry["title"] and entry["company"] for entry in draft["experience"])
        totals["a job"][1] += 1
    return totals


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
    print("\n" + import_floor_table())
    scores = indeed_scores()
    print(f"\nIndeed single-line set: {scores['resumes']} resumes; " + "; ".join(
        f"{key} {found}/{total}" for key, (found, total) in ((k, v) for k, v in scores.items() if k != "resumes")))
