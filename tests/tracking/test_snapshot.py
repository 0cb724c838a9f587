"""The snapshot at "applied": what was sent, frozen against later edits of the posting, profile and match."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import ArtifactFactory, PacketFactory, PacketVersionFactory
from tracking.models import Activity, Snapshot
from tracking.models.snapshots import SnapshotChangeRefused
from tracking.services import snapshot as snapshot_service
from tracking.services.applications import track_job
from tracking.services.pipeline import change_status

pytestmark = pytest.mark.django_db


def test_moving_to_applied_freezes_posting_match_and_packet(user, tracked):
    application = tracked["application"]
    change_status(user=user, application_id=application.pk, to="applied")
    snapshot = Snapshot.objects.get(application=application)
    assert snapshot.posting_title == "Backend Engineer" and snapshot.posting_company == "Acme"
    assert snapshot.posting_url == "https://acme.example/jobs/1"
    assert snapshot.posting_text == "We build Python APIs."
    assert snapshot.posting_content_hash == tracked["job"].content_hash
    assert snapshot.match_score == 82.4 and snapshot.match_summary == "Strong fit"
    assert snapshot.match_reasons["missing_required_skills"] == ["Kubernetes"]
    assert snapshot.profile_name == "Backend"
    assert snapshot.packet == {}  # no packet recorded for this application
    assert Activity.objects.filter(application=application, kind="snapshot").count() == 1


def test_the_snapshot_survives_edits_of_the_posting_the_profile_and_the_match(user, tracked):
    application = tracked["application"]
    change_status(user=user, application_id=application.pk, to="applied")
    job, match, profile = tracked["job"], tracked["match"], tracked["profile"]
    job.title, job.description_text, job.canonical_url = "Changed title", "Rewritten posting", "https://acme.example/new"
    job.save()
    match.score, match.reasons = 12.0, {}
    match.save()
    profile.name = "Renamed"
    profile.save()
    job.delete()  # even a pruned posting leaves the snapshot whole
    snapshot = Snapshot.objects.get(application=application)
    assert (snapshot.posting_title, snapshot.posting_text, snapshot.match_score, snapshot.profile_name) == (
        "Backend Engineer", "We build Python APIs.", 82.4, "Backend")
    assert snapshot.match_reasons["matched_skills"] == ["Python"]


def test_a_snapshot_cannot_be_saved_again_or_bulk_updated(user, tracked):
    change_status(user=user, application_id=tracked["application"].pk, to="applied")
    snapshot = Snapshot.objects.get()
    snapshot.posting_title = "Tampered"
    with pytest.raises(SnapshotChangeRefused):
        snapshot.save()
    with pytest.raises(SnapshotChangeRefused):
        Snapshot.objects.filter(pk=snapshot.pk).update(posting_title="Tampered")
    assert Snapshot.objects.get().posting_title == "Backend Engineer"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_the_database_refuses_an_update_even_in_raw_sql(user, tracked):
    change_status(user=user, application_id=tracked["application"].pk, to="applied")
    with pytest.raises(DatabaseError, match="a snapshot never changes"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tracking_snapshot SET posting_title = 'Tampered'")
    assert Snapshot.objects.get().posting_title == "Backend Engineer"


def test_taking_a_snapshot_twice_keeps_the_first(user, tracked):
    application = tracked["application"]
    first = snapshot_service.take_snapshot(application=application)
    tracked["job"].title = "Other"
    tracked["job"].save()
    assert snapshot_service.take_snapshot(application=application).pk == first.pk
    assert Snapshot.objects.count() == 1


def test_tracking_a_posting_as_applied_takes_its_snapshot_at_once(user, tracked):
    tracked["application"].delete()
    application, created = track_job(user=user, job_id=tracked["job"].pk, status="applied")
    assert created and application.status == "applied"
    assert Snapshot.objects.get(application=application).match_score == 82.4


def test_the_packet_part_comes_from_packet_snapshot(user, tracked):
    application = tracked["application"]
    packet = PacketFactory(owner=user, job=tracked["job"], profile=tracked["profile"], design="modern")
    PacketVersionFactory(packet=packet, number=1)
    version = PacketVersionFactory(packet=packet, number=2, letter={"name": {"text": "Ada Example"},
                                                                   "paragraphs": [{"text": "Dear Acme,"}, {"text": "Thanks."}]})
    cv = ArtifactFactory(version=version, document="cv", content=b"%PDF cv v2")
    letter = ArtifactFactory(version=version, document="letter", content=b"%PDF letter v2")
    application.packet, application.packet_design = packet, "modern"
    application.save()
    expected = {
        "packet_id": packet.pk, "version": 2, "design": "modern",
        "cv": {"sha256": cv.sha256, "size": 10, "name": "Ada Example — CV — Acme v2.pdf"},
        "cover_letter": {"sha256": letter.sha256, "size": 14, "name": "Ada Example — Cover letter — Acme v2.pdf"},
        "cover_letter_text": "Dear Acme,\n\nThanks.",
    }
    assert snapshot_service.packet_snapshot(application) == expected
    change_status(user=user, application_id=application.pk, to="applied")
    assert Snapshot.objects.get().packet == expected


def test_a_deleted_packet_leaves_the_application_and_its_snapshot(user, tracked):
    application = tracked["application"]
    packet = PacketFactory(owner=user, job=tracked["job"], profile=tracked["profile"])
    application.packet = packet
    application.save()
    packet.delete()
    application.refresh_from_db()
    assert application.packet_id is None and snapshot_service.packet_snapshot(application) == {}
