"""Evaluation of tailoring on real data: does the tailored CV show what the posting asks for, and is anything made up?

The shared labelled CV (matching-pairs/panoslin-resume-jd-relevancy/resume.pdf, read as resume import reads
it and parsed into the profile import saves) against the first 20 job descriptions its owner labelled as
fitting. For each posting, with its required skills as matching splits them:

- keyword-coverage baseline: the share of required skills whose name appears anywhere in the raw resume
  text (what a keyword checker reports, true or not);
- before: the share the untailored CV (every profile item in profile order, rendered as text) evidences:
  the skill is extracted from the CV's text and the profile evidences it;
- after: the same for the tailored CV (Jobly's choose → embedded writer → guard);
- prominence before/after: the share found in the first third of the CV's text (where a reader and a
  ranking ATS look first);
- fabricated items: lines of the tailored CV whose source id is not a profile item, plus skills in its
  text the profile does not evidence. Must be 0.

Run `python -m bench.eval_packets`. Prints Markdown; only numbers, never resume text (the CV is personal data).
"""

import csv
import os
import statistics
import sys

from bench.eval_matching import PAIRS

N_POSTINGS = 20


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    import django

    django.setup()


def _shares(text, required, allowed, extract):
    found = set(extract(text)) & set(allowed)
    third = set(extract(text[: max(1, len(text) // 3)])) & set(allowed)
    if not required:
        return None, None
    return (sum(s in found for s in required) / len(required), sum(s in third for s in required) / len(required))


def _fabricated(cv, candidate, allowed, text, extract):
    items = candidate.items()
    lines = [b.source for role in (*cv.experience, *cv.projects) for b in role.bullets] + [s.source for s in cv.skills]
    unknown = [source for source in lines if source not in items]
    return len(unknown) + len(set(extract(text)) - set(allowed))


def evaluate():
    from jobly.profiles.resume.extract import extract_text
    from jobly.profiles.resume.parse import parse_resume_text
    from jobly.skills import extract_skills
    from jobly.writers import EmbeddedWriter, candidate_from_profile_fields
    from packets.ats import allowed_skills_for
    from packets.document import cv_from_candidate
    from packets.renderers import render_text
    from packets.tailoring import posting_from_job_fields, tailor

    cv_text = extract_text("pdf", (PAIRS / "resume.pdf").read_bytes()).text
    candidate = candidate_from_profile_fields(parse_resume_text(cv_text))
    with open(PAIRS / "job_descriptions.shared-half.csv", newline="", encoding="utf-8") as handle:
        fitting = [row for row in csv.DictReader(handle) if row["label"] == "True"][:N_POSTINGS]
    folded_resume = cv_text.casefold()
    rows = []
    for row in fitting:
        description = row["job_description"]
        posting = posting_from_job_fields(title=description.strip().split("\n", 1)[0][:200], text=description)
        required = list(posting.required_skills)
        if not required:
            continue
        evidence = allowed_skills_for(candidate)  # what the profile itself evidences
        allowed = allowed_skills_for(candidate, posting=posting)  # plus what the role's name or company says
        baseline = sum(skill.casefold() in folded_resume for skill in required) / len(required)
        before_text = render_text(cv_from_candidate(candidate)).content.decode()
        result = tailor(candidate=candidate, posting=posting, writer=EmbeddedWriter())
        tailored = cv_from_candidate(candidate, summary=result.summary, skills=result.skills, bullets=result.bullets,
                                     projects=result.projects)
        after_text = render_text(tailored).content.decode()
        before, before_top = _shares(before_text, required, evidence, extract_skills)
        after, after_top = _shares(after_text, required, evidence, extract_skills)
        evidenced = sum(r.evidenced for r in result.requirements if r.kind == "required") / len(required)
        rows.append({"required": len(required), "baseline": baseline, "before": before, "after": after,
                     "before_top": before_top, "after_top": after_top, "table": evidenced,
                     "fabricated": _fabricated(tailored, candidate, allowed, after_text, extract_skills),
                     "rejections": sum("rejected" in note for note in result.notes)})
    return rows


def main():
    _setup()
    if not PAIRS.exists():
        print(f"skipped: {PAIRS} not found")
        return 0
    rows = evaluate()
    mean = lambda key: statistics.mean(r[key] for r in rows)  # noqa: E731
    print(f"### Tailoring: the labelled CV × its first {len(rows)} fitting postings (with required skills)\n")
    print("| measure | mean over postings |\n| --- | ---: |")
    print(f"| required skills per posting | {mean('required'):.1f} |")
    print(f"| keyword-coverage baseline (name anywhere in the raw resume) | {mean('baseline'):.3f} |")
    print(f"| evidenced by the CV before tailoring | {mean('before'):.3f} |")
    print(f"| evidenced by the CV after tailoring | {mean('after'):.3f} |")
    print(f"| in the first third of the CV, before | {mean('before_top'):.3f} |")
    print(f"| in the first third of the CV, after | {mean('after_top'):.3f} |")
    print(f"| required skills with evidence in the requirements table | {mean('table'):.3f} |")
    print(f"| guard rejections per packet | {mean('rejections'):.2f} |")
    print(f"| **fabricated items (total over all postings)** | **{sum(r['fabricated'] for r in rows)}** |")
    return 1 if any(r["fabricated"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
