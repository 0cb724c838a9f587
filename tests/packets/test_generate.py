"""The generate service against the database: every step, the stored version and files, packet.ready,
render failures recorded on the packet, and edits that make a new version while the old stays."""

import hashlib

import pytest
from pypdf import PdfReader

from jobly import storage
from jobly.models import Event
from packets.ats import extract_text
from packets.errors import InvalidEdit, MatchNotFound, UnknownDesign
from packets.models import Artifact, Packet
from packets.services import edits as edit_services, generate

pytestmark = pytest.mark.django_db

def _generated(user, match, design="classic"):
    packet, job, created = generate.start_generation(user=user, match_id=match.pk, design=design)
    steps = []
    version = generate.run_generation(packet_id=packet.pk, reporter=lambda p, m: steps.append((p, m)))
    return packet, version, steps


def test_generation_runs_every_step_and_stores_a_checked_version(user, match):
    packet, version, steps = _generated(user, match)
    messages = " | ".join(m for _, m in steps)
    for step in ("Tailoring", "Writing", "Rendering", "Checking", "Storing", "Packet ready"):
        assert step in messages
    assert [p for p, _ in steps] == sorted(p for p, _ in steps) and steps[-1][0] == 100
    packet.refresh_from_db()
    assert packet.status == Packet.Status.READY and packet.writer == "embedded" and version.number == 1
    formats = {(a.document, a.format) for a in version.artifacts.all()}
    assert formats == {(d, f) for d in ("cv", "letter") for f in ("pdf", "png", "docx", "md", "txt")}
    table = {row["requirement"]: row for row in version.requirements}
    assert table["Scala"]["status"] == "not evidenced" and table["Apache Kafka"]["status"] == "evidenced"
    assert version.ats["passed"], version.ats


def test_stored_files_match_their_checksums_and_the_pdf_reads_as_the_profile(user, match):
    _, version, _ = _generated(user, match)
    cv = version.artifacts.get(document="cv", format="pdf")
    data = storage.read_verified(cv.file.name, sha256=cv.sha256, size=cv.size)
    assert hashlib.sha256(data).hexdigest() == cv.sha256 and cv.content_type == "application/pdf"
    text, pages = extract_text(data)
    assert "Lena Vasquez" in text and "Apache Kafka" in text and "Scala" not in text and pages <= 2
    letter = version.artifacts.get(document="letter", format="pdf")
    letter_text = extract_text(storage.read_verified(letter.file.name, sha256=letter.sha256))[0]
    assert "Northwind Analytics" in letter_text and len(PdfReader(letter.file.open("rb")).pages) == 1


def test_every_cv_line_keeps_the_id_of_its_profile_item(user, match):
    _, version, _ = _generated(user, match)
    bullets = [b for role in version.cv["experience"] for b in role["bullets"]]
    assert bullets and all(b["source"].startswith("/experience/") for b in bullets)
    assert all(s["source"].startswith("/skills/") for s in version.cv["skills"])


def test_packet_ready_is_published_with_packet_job_and_design(user, match, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        packet, _, _ = _generated(user, match, design="modern")
    event = Event.objects.filter(owner=user, type="packet.ready").get()
    assert event.data == {"packet_id": packet.pk, "job_id": match.job_id, "design": "modern"}


def test_an_unknown_design_or_another_users_match_is_refused(user, other_user, match):
    with pytest.raises(UnknownDesign):
        generate.start_generation(user=user, match_id=match.pk, design="fancy")
    with pytest.raises(MatchNotFound):
        generate.start_generation(user=other_user, match_id=match.pk, design="classic")
    assert not Packet.objects.exists()


def test_a_second_request_while_generating_returns_the_same_packet(user, match):
    first, job, created = generate.start_generation(user=user, match_id=match.pk, design="classic")
    second, same_job, created_again = generate.start_generation(user=user, match_id=match.pk, design="classic")
    assert created and not created_again and (second.pk, same_job.pk) == (first.pk, job.pk)


def test_a_render_failure_is_recorded_on_the_packet_and_stores_nothing(user, match, settings):
    packet, _, _ = generate.start_generation(user=user, match_id=match.pk, design="classic")
    Packet.objects.filter(pk=packet.pk).update(engine="latex")
    settings.LATEX_COMMAND = "no-such-latex"
    with pytest.raises(Exception) as raised:
        generate.run_generation(packet_id=packet.pk)
    assert raised.value.code == "renderer_unavailable"
    packet.refresh_from_db()
    assert packet.status == Packet.Status.FAILED and packet.error["code"] == "renderer_unavailable"
    assert not packet.versions.exists() and not Artifact.objects.exists()


def test_an_edit_makes_a_new_version_and_the_old_one_stays(user, match):
    packet, first, _ = _generated(user, match)
    source = first.cv["experience"][0]["bullets"][0]["source"]
    _, job, _ = edit_services.start_rerender(user=user, packet_id=packet.pk, design="modern",
                                             edits={"bullets": {source: "Rewrote the replication path in Scala"},
                                                    "summary": "Staff engineer for streaming systems."})
    second = generate.run_rerender(**job.params)
    assert second.number == 2 and second.edited and packet.versions.count() == 2
    assert first.artifacts.count() == second.artifacts.count() == 10
    edited = second.cv["experience"][0]["bullets"][0]
    assert edited["text"] == "Rewrote the replication path in Scala" and edited["source"] == source and edited["original"]
    assert any("Scala" in note and source in note for note in second.notes)
    assert not second.ats["passed"]  # the CV now names a skill the profile lacks: a visible warning
    packet.refresh_from_db()
    assert packet.design == "modern"


@pytest.mark.parametrize("edits", [{"bullets": {"/experience/9/bullets/0": "x"}}, {"letter_paragraphs": {"99": "x"}},
                                   {"summary": ""}, {"colour": "red"}, {"summary": "x" * 5000}])
def test_invalid_edits_are_refused_before_anything_is_queued(user, match, edits):
    packet, _, _ = _generated(user, match)
    with pytest.raises(InvalidEdit):
        edit_services.start_rerender(user=user, packet_id=packet.pk, edits=edits)
    assert packet.versions.count() == 1
