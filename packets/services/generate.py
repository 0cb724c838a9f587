"""Generating a packet: tailor → write → render → check → store, each a progress step of a background job.

`start_generation` (web) validates, creates the Packet and enqueues "packets.generate" in one transaction;
`run_generation` (worker) does the steps and ends by publishing `packet.ready`. `start_rerender` /
`run_rerender` make the next version from an edit of the tailored text. A version is stored whole or not at
all: files are saved first, the rows in one transaction after, and the files of a failed store are deleted.
A render error or timeout marks the packet failed with its code (the job fails with the same code).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from jobly import background, storage
from jobly.background import JobCancelled
from jobly.errors import DomainError
from jobly.events import publish
from jobly.writers import candidate_from_profile_fields, check_rewrite, get_writer
from matching.models import Match
from packets import tailoring
from packets.ats import allowed_skills_for, check_pdf
from packets.document import CvDocument, LetterDocument, cv_from_candidate, letter_from_text
from packets.errors import MatchNotFound, PacketNotFound, UnknownDesign, UnknownEngine
from packets.models import Artifact, Packet, PacketVersion
from packets.renderers import (
    available_engines,
    design_for,
    designs,
    render_docx,
    render_markdown,
    render_pdf,
    render_preview_png,
    render_text,
)

logger = logging.getLogger("jobly.packets")

PROFILE_FIELDS = ("full_name", "email", "phone", "location", "links", "headline", "summary", "skills", "experience",
                  "education", "certifications", "languages", "projects")
STORAGE_PREFIX = "packets"
PROGRESS = {"tailor": 5, "write": 20, "render": 50, "check": 75, "store": 90}
ACTIVE = (Packet.Status.QUEUED, Packet.Status.GENERATING)


def _quiet(percent, message):
    return None


def _never_cancelled():
    return None


def candidate_for(profile):
    return candidate_from_profile_fields(model_to_dict(profile, fields=PROFILE_FIELDS))


def posting_for(job):
    return tailoring.posting_from_job_fields(
        title=job.title, company=job.company, location=job.location, remote_type=job.remote_type,
        text=job.description_text, skills=job.skills or None, required_skills=job.required_skills or None,
        preferred_skills=job.preferred_skills or None,
    )


def validate_choice(*, design, engine):
    if design not in designs("cv"):
        raise UnknownDesign(f"There is no CV design {design!r}; choose one of {', '.join(sorted(designs('cv')))}.",
                            details={"design": [f"Choose one of {', '.join(sorted(designs('cv')))}."]})
    if engine not in available_engines():
        raise UnknownEngine(f"The renderer {engine!r} is not available here; choose one of {', '.join(available_engines())}.",
                            details={"engine": [f"Choose one of {', '.join(available_engines())}."]})


# --- web: starting ----------------------------------------------------------------------------


def start_generation(*, user, match_id, design, engine="typst"):
    """(packet, background job, created). The same request while that packet is still being made returns it."""
    validate_choice(design=design, engine=engine)
    match = Match.objects.for_user(user).select_related("job", "profile").filter(pk=match_id).first()
    if match is None:
        raise MatchNotFound()
    with transaction.atomic():
        existing = (Packet.objects.for_user(user).select_for_update()
                    .filter(match=match, design=design, engine=engine, status__in=ACTIVE, background_job__isnull=False)
                    .select_related("background_job").first())
        if existing is not None and existing.background_job.status in ("queued", "running"):
            return existing, existing.background_job, False
        packet = Packet.objects.create(owner=user, profile=match.profile, job=match.job, match=match, design=design,
                                       engine=engine)
        job, _ = background.enqueue(user=user, type="packets.generate", params={"packet_id": packet.pk},
                                    message="Queued: tailoring your packet")
        packet.background_job = job
        packet.save(update_fields=["background_job"])
    return packet, job, True


# --- worker: the steps ------------------------------------------------------------------------


@dataclass
class Drafts:
    cv: CvDocument
    letter: LetterDocument
    requirements: list
    notes: list
    writer: str


def _claim(packet_id):
    with transaction.atomic():
        packet = Packet.objects.select_for_update().select_related("profile", "job").filter(pk=packet_id).first()
        if packet is None:
            raise PacketNotFound(f"Packet {packet_id} no longer exists.")
        packet.status = Packet.Status.GENERATING
        packet.error = {}
        packet.updated_at = timezone.now()
        packet.save(update_fields=["status", "error", "updated_at"])
    return packet


def _fail(packet, *, code, message):
    Packet.objects.filter(pk=packet.pk).update(status=Packet.Status.FAILED, error={"code": code, "message": message[:500]},
                                               updated_at=timezone.now())


def _steps(packet, make_drafts, *, reporter, check_cancelled, edited):
    """Run make_drafts then render → check → store, recording a failure on the packet on the way out."""
    try:
        drafts = make_drafts()
        check_cancelled()
        reporter(PROGRESS["render"], "Rendering the CV and the letter")
        files = render_all(drafts, design=packet.design, engine=packet.engine)
        check_cancelled()
        reporter(PROGRESS["check"], "Checking the PDFs as an applicant tracking system reads them")
        candidate = candidate_for(packet.profile)
        ats = check_all(drafts, files, design=packet.design, allowed=allowed_skills_for(candidate, posting=posting_for(packet.job)))
        check_cancelled()
        reporter(PROGRESS["store"], "Storing the files")
        version = store_version(packet, drafts, files, ats, edited=edited)
    except JobCancelled:
        _fail(packet, code="cancelled", message="Generation was cancelled.")
        raise
    except DomainError as error:
        _fail(packet, code=error.code, message=error.message)
        raise
    except Exception:
        _fail(packet, code="internal_error", message="An unexpected error stopped the generation.")
        raise
    reporter(100, f"Packet ready: version {version.number}" + ("" if ats["passed"] else " (check the ATS warnings)"))
    return version


def run_generation(*, packet_id, reporter=_quiet, check_cancelled=_never_cancelled, writer=None):
    """The "packets.generate" job: the first version of a packet."""
    packet = _claim(packet_id)

    def make_drafts():
        reporter(PROGRESS["tailor"], "Tailoring: choosing what the posting asks for")
        candidate, posting = candidate_for(packet.profile), posting_for(packet.job)
        plan = tailoring.choose(candidate=candidate, posting=posting)
        check_cancelled()
        chosen_writer = writer or get_writer()
        reporter(PROGRESS["write"], f"Writing the summary, bullets and letter ({chosen_writer.describe()})")
        result = tailoring.write(plan=plan, candidate=candidate, posting=posting, writer=chosen_writer)
        return drafts_from(result, candidate=candidate, posting=posting)

    return _steps(packet, make_drafts, reporter=reporter, check_cancelled=check_cancelled, edited=False)


def drafts_from(result, *, candidate, posting):
    cv = cv_from_candidate(candidate, summary=result.summary, skills=result.skills, bullets=result.bullets,
                           projects=result.projects)
    letter = letter_from_text(candidate, posting, result.letter, date=timezone.localdate().strftime("%-d %B %Y"))
    return Drafts(cv, letter, result.requirements_table(), result.notes, result.writer)


def render_all(drafts, *, design, engine):
    """{(document, format): Rendered} for both documents: PDF, PNG preview, DOCX, Markdown and text."""
    letter_design = design_for(drafts.letter).name
    files = {}
    for kind, document, chosen in (("cv", drafts.cv, design), ("letter", drafts.letter, letter_design)):
        files[(kind, "pdf")] = render_pdf(document, design=chosen, engine=engine)
        files[(kind, "png")] = render_preview_png(document, design=chosen)
        files[(kind, "docx")] = render_docx(document, design=chosen)
        files[(kind, "md")] = render_markdown(document)
        files[(kind, "txt")] = render_text(document)
    return files


def check_all(drafts, files, *, design, allowed):
    reports = {}
    for kind, document, chosen in (("cv", drafts.cv, design), ("letter", drafts.letter, None)):
        normal, _ = document.normalized()
        report = check_pdf(files[(kind, "pdf")].content, document=normal, design=design_for(document, chosen),
                           allowed_skills=allowed)
        reports[kind] = report.to_dict()
    return {"passed": all(report["passed"] for report in reports.values()), **reports}


def store_version(packet, drafts, files, ats, *, edited):
    """Save every file, then the version and its artifacts in one transaction; publish packet.ready."""
    saved = []
    try:
        for (kind, fmt), rendered in files.items():
            name, sha256, size = storage.save_bytes(prefix=f"{STORAGE_PREFIX}/{packet.owner_id}", filename=f"{kind}.{fmt}",
                                                    data=rendered.content)
            saved.append((kind, fmt, rendered, name, sha256, size))
        notes = list(dict.fromkeys([*drafts.notes, *(n for r in files.values() for n in r.notes)]))
        with transaction.atomic():
            locked = Packet.objects.select_for_update().get(pk=packet.pk)
            number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            version = PacketVersion.objects.create(
                packet=locked, number=number, cv=drafts.cv.to_dict(), letter=drafts.letter.to_dict(),
                requirements=drafts.requirements, notes=notes, ats=ats, edited=edited)
            Artifact.objects.bulk_create([
                Artifact(version=version, document=kind, format=fmt, file=name, sha256=sha256, size=size,
                         content_type=rendered.content_type, pages=rendered.pages)
                for kind, fmt, rendered, name, sha256, size in saved])
            locked.status = Packet.Status.READY
            locked.error = {}
            locked.writer = drafts.writer[:200] or locked.writer
            locked.updated_at = timezone.now()
            locked.save(update_fields=["status", "error", "writer", "updated_at"])
            publish(locked.owner_id, "packet.ready", {"packet_id": locked.pk, "job_id": locked.job_id, "design": locked.design})
    except BaseException:
        for *_, name, _sha, _size in saved:
            storage.delete_quietly(name)
        raise
    return version


# --- edit and re-render -----------------------------------------------------------------------


def edited_drafts(packet, base, edits):
    """The base version's documents with the person's edits applied; each edit is checked against its
    source item, and what it adds is a note (the person may write it; the packet says it is theirs)."""
    from packets.services.edits import apply_edits

    candidate = candidate_for(packet.profile)
    cv, letter, notes = apply_edits(CvDocument.from_dict(base.cv), LetterDocument.from_dict(base.letter), edits,
                                    candidate=candidate, posting=posting_for(packet.job), check=check_rewrite)
    return Drafts(cv, letter, base.requirements, [*notes, *base.notes], packet.writer)


def run_rerender(*, packet_id, base_version, edits, design=None, reporter=_quiet, check_cancelled=_never_cancelled):
    """The "packets.rerender" job: the next version from `base_version` with `edits` (and a design change)."""
    packet = _claim(packet_id)
    if design:
        packet.design = design
        Packet.objects.filter(pk=packet.pk).update(design=design)
    base = packet.versions.filter(number=base_version).first()
    if base is None:
        _fail(packet, code="packet_version_not_found", message=f"Version {base_version} is gone.")
        raise PacketNotFound(f"Version {base_version} of packet {packet_id} is gone.", code="packet_version_not_found")

    def make_drafts():
        reporter(PROGRESS["write"], "Applying your edits")
        return edited_drafts(packet, base, edits)

    return _steps(packet, make_drafts, reporter=reporter, check_cancelled=check_cancelled, edited=True)
