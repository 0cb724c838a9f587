"""Benchmark of the document renderers: time per document for each engine and design, side by side.

Runs alone as `python -m bench.bench_render [--quick]` or under `python -m bench render`. The content
is the same for every engine: the fictional staff engineer of tests/data/resumes/senior-engineer.resume.json
tailored by the embedded writer to the real posting in bench/data/postings.csv that shares most skills
with it. Warm = the Typst worker process is already running (as in a busy Celery worker).
"""

import csv
import json
import os
import sys
import time
from pathlib import Path

from bench.common import row, single_row, summarize

TITLE = "Document renderers"
DESCRIPTION = (
    "Tailored CV (designs classic, modern) and cover letter for one real posting, rendered by Typst (in its "
    "sandboxed worker process) and by pdflatex (a process per compile, as in production), on the same content. "
    "Floors: Typst CV warm median ≤ 30 ms and ≥ 10× faster than pdflatex. Also: PNG preview, DOCX, Markdown, the "
    "ATS self-check, and writer + render + check of a CV and letter with the embedded writer (no database)."
)
ROOT = Path(__file__).resolve().parent.parent


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    import django

    django.setup()


def _posting(candidate):
    from jobly.skills import extract_skills
    from jobly.writers import Posting
    from jobly.writers.base import evidenced_skills
    from matching.scoring.features import split_required_preferred

    has = set(evidenced_skills(candidate))
    best = None
    with open(ROOT / "bench" / "data" / "postings.csv", newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            text = "\n".join([record["Responsibilities"], "Minimum qualifications:", record["Minimum Qualifications"],
                              "Preferred qualifications:", record["Preferred Qualifications"]])
            skills = extract_skills(f"{record['Title']}\n{text}")
            overlap = len(has & set(skills))
            if best is None or overlap > best[0]:
                best = (overlap, record, text, skills)
    _, record, text, skills = best
    required, preferred = split_required_preferred(text, skills, extract=extract_skills)
    return Posting(title=record["Title"], company=record["Company"], location=record["Location"], skills=tuple(skills),
                   required_skills=tuple(required), preferred_skills=tuple(preferred), text=text,
                   responsibilities=tuple(line for line in record["Responsibilities"].splitlines() if line.strip()))


def _documents():
    from jobly.jsonresume import profile_fields_from_json_resume
    from jobly.writers import EmbeddedWriter, candidate_from_profile_fields
    from packets.document import cv_from_candidate, letter_from_text

    resume = json.loads((ROOT / "tests" / "data" / "resumes" / "senior-engineer.resume.json").read_text(encoding="utf-8"))
    candidate = candidate_from_profile_fields(profile_fields_from_json_resume(resume))
    posting = _posting(candidate)

    def write():
        writer = EmbeddedWriter()
        bullets = {role.id: [writer.rewrite_bullet(item=b, posting=posting, candidate=candidate) for b in role.bullets]
                   for role in candidate.roles}
        cv = cv_from_candidate(candidate, summary=writer.tailored_summary(candidate=candidate, posting=posting), bullets=bullets)
        letter = letter_from_text(candidate, posting, writer.cover_letter(candidate=candidate, posting=posting), date="1 March 2026")
        return cv, letter

    return candidate, posting, write


def _samples(function, n):
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def run(quick=False):
    _setup_django()
    from packets.ats import allowed_skills_for, check_pdf
    from packets.renderers import available_engines, design_for, render_docx, render_markdown, render_pdf, render_preview_png
    from packets.renderers.typst_process import shared_process

    candidate, posting, write = _documents()
    cv, letter = write()
    typst_n, latex_n = (10, 3) if quick else (60, 12)
    rows = []
    shared_process().stop()
    start = time.perf_counter()
    render_pdf(cv, design="classic")
    rows.append(single_row("Typst CV classic, cold (starts the worker process)", 1000 * (time.perf_counter() - start), "ms", digits=1))

    medians = {}
    jobs = [("CV classic", cv, "classic"), ("CV modern", cv, "modern"), ("cover letter", letter, "letter")]
    engines = available_engines()
    for label, document, design in jobs:
        for engine in engines:
            n = typst_n if engine == "typst" else latex_n
            render_pdf(document, design=design, engine=engine)  # warm-up
            samples = _samples(lambda: render_pdf(document, design=design, engine=engine), n)
            medians[(design, engine)] = summarize(samples)["median"]
            pages = render_pdf(document, design=design, engine=engine).pages
            rows.append(row(f"{engine} {label}, warm", samples, "ms", f"{pages} page(s)", scale=1000, digits=1))
    for design in ("classic", "modern", "letter"):
        if (design, "latex") not in medians:
            continue
        ratio = medians[(design, "latex")] / medians[(design, "typst")]
        notes = ""
        if design != "letter":
            floor = medians[(design, "typst")] <= 0.030 and ratio >= 10
            notes = "floor met (≤ 30 ms, ≥ 10×)" if floor else "FLOOR MISSED (≤ 30 ms, ≥ 10×)"
        rows.append(single_row(f"pdflatex ÷ Typst, {design} (same content)", ratio, "×", notes=notes, digits=1))
    if "latex" not in engines:
        rows.append(single_row("pdflatex", 0, "ms", n=0, notes="not installed: no comparison"))

    rows.append(row("Typst PNG preview of page 1 (96 ppi)", _samples(lambda: render_preview_png(cv), typst_n), "ms", scale=1000, digits=1))
    rows.append(row("DOCX CV (python-docx)", _samples(lambda: render_docx(cv), typst_n), "ms", scale=1000, digits=1))
    rows.append(row("Markdown CV", _samples(lambda: render_markdown(cv), typst_n), "ms", scale=1000, digits=2))
    pdf = render_pdf(cv).content
    allowed = allowed_skills_for(candidate, posting=posting)
    rows.append(row("ATS self-check of the CV PDF (pypdf)", _samples(
        lambda: check_pdf(pdf, document=cv, design=design_for(cv), allowed_skills=allowed), typst_n), "ms", scale=1000, digits=1))

    def end_to_end():
        cv_document, letter_document = write()
        for document in (cv_document, letter_document):
            rendered = render_pdf(document)
            check_pdf(rendered.content, document=document, design=design_for(document), allowed_skills=allowed)

    rows.append(row("embedded writer + Typst + ATS check, CV and letter", _samples(end_to_end, typst_n), "ms",
                    f"posting: {posting.title} at {posting.company}", scale=1000, digits=1))
    shared_process().stop()
    return rows


if __name__ == "__main__":
    from bench.__main__ import table

    print(table(run("--quick" in sys.argv)))
