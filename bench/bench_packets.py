"""Benchmark of a whole packet on PostgreSQL: start_generation, then the background job's work in this
process: tailor → write (embedded writer) → render (Typst or pdflatex) → ATS check → store 10 files and the
version rows → packet.ready. The renderer-only numbers (Typst vs pdflatex per document) are bench_render's.

Runs under `python -m bench packets [--quick]` on the bench database (bench_background's setup).
"""

import json
import os
import time

from bench.common import row

TITLE = "Packets end to end (database, embedded writer)"
DESCRIPTION = (
    "One profile (the fictional staff engineer of tests/data/resumes/senior-engineer.resume.json) and the real "
    "posting of bench/data/postings.csv that shares most skills with it, stored as rows with a Match. Each sample "
    "is `start_generation` + `run_generation` (what the packets.generate job runs): tailor, embedded writer, "
    "render CV and letter (PDF, PNG, DOCX, Markdown, text), ATS check of both PDFs, 10 files saved through "
    "jobly.storage and the version rows, packet.ready published. Floor: Typst median ≤ 1 s. The same with "
    "pdflatex when installed; and an edit-and-re-render (a new version)."
)


def _fixture(user):
    from bench.bench_render import ROOT, _posting
    from jobly.jsonresume import profile_fields_from_json_resume
    from jobly.models import Profile
    from jobly.writers import candidate_from_profile_fields
    from matching.models import Job, Match
    from packets.services.generate import PROFILE_FIELDS

    resume = json.loads((ROOT / "tests" / "data" / "resumes" / "senior-engineer.resume.json").read_text(encoding="utf-8"))
    fields = profile_fields_from_json_resume(resume)
    posting = _posting(candidate_from_profile_fields(fields))
    profile = Profile.objects.create(owner=user, name="Bench", is_default=True,
                                     **{k: v for k, v in fields.items() if k in PROFILE_FIELDS})
    job = Job.objects.create(title=posting.title, company=posting.company, location=posting.location,
                             description_text=posting.text, skills=list(posting.skills),
                             required_skills=list(posting.required_skills), preferred_skills=list(posting.preferred_skills),
                             content_hash=f"bench-packets-{time.time_ns()}", source="bench-packets")
    return Match.objects.create(profile=profile, job=job, score=80), job


def run(quick=False):
    from bench.bench_background import _bench_user, _setup

    _setup()
    from matching.models import Job
    from packets.models import Packet
    from packets.renderers import available_engines
    from packets.renderers.typst_process import shared_process
    from packets.services import edits, generate

    user, _ = _bench_user()
    match, job = _fixture(user)
    n = 5 if quick else 30
    rows = []
    try:
        for engine in available_engines():
            generate.run_generation(packet_id=generate.start_generation(user=user, match_id=match.pk, design="classic",
                                                                        engine=engine)[0].pk)  # warm-up
            samples = []
            for _ in range(n if engine == "typst" else max(3, n // 3)):
                start = time.perf_counter()
                packet, _, _ = generate.start_generation(user=user, match_id=match.pk, design="classic", engine=engine)
                version = generate.run_generation(packet_id=packet.pk)
                samples.append(time.perf_counter() - start)
            median = sorted(samples)[len(samples) // 2]
            notes = f"ATS {'passed' if version.ats_passed else 'FAILED'}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            if engine == "typst":
                notes += "; floor met (≤ 1 s)" if median <= 1.0 else "; FLOOR MISSED (≤ 1 s)"
            rows.append(row(f"packet end to end, {engine}, embedded writer", samples, "ms", notes, scale=1000, digits=1))
        packet = Packet.objects.filter(owner=user, engine="typst").first()
        samples = []
        for number in range(n):
            source = packet.latest_version().cv["experience"][0]["bullets"][0]["source"]
            _, job_row, _ = edits.start_rerender(user=user, packet_id=packet.pk,
                                                 edits={"bullets": {source: f"Edited line {number}"}})
            start = time.perf_counter()
            generate.run_rerender(**job_row.params)
            samples.append(time.perf_counter() - start)
            job_row.delete()
        rows.append(row("edit and re-render (next version), Typst", samples, "ms", scale=1000, digits=1))
    finally:
        Packet.objects.filter(owner=user).delete()  # and their files (packets.signals)
        Job.objects.filter(pk=job.pk).delete()
        user.delete()
        shared_process().stop()
    return rows


if __name__ == "__main__":
    from bench.__main__ import table

    print(table(run("--quick" in __import__("sys").argv)))
