"""The timeline: notes and e-mails written by hand, and packets logged from the `packet.ready` event."""

import pytest

from jobly.errors import InvalidInput
from jobly.events import publish
from tests.factories import ApplicationFactory, PacketFactory, UserFactory
from tracking.errors import ApplicationNotFound
from tracking.models import Activity
from tracking.services.timeline import add_note

pytestmark = pytest.mark.django_db


def test_notes_and_emails_are_timeline_entries_and_touch_the_application(user):
    application = ApplicationFactory(owner=user)
    before = application.updated_at
    add_note(user=user, application_id=application.pk, text="  Called the recruiter  ")
    add_note(user=user, application_id=application.pk, text="Got the invite", kind="email")
    assert [(entry.kind, entry.text) for entry in Activity.objects.order_by("id")] == [
        ("note", "Called the recruiter"), ("email", "Got the invite")]
    application.refresh_from_db()
    assert application.updated_at > before


@pytest.mark.parametrize(("text", "kind"), [("", "note"), ("x" * 10_001, "note"), ("ok", "status_change")])
def test_bad_notes_are_refused(user, text, kind):
    application = ApplicationFactory(owner=user)
    with pytest.raises(InvalidInput):
        add_note(user=user, application_id=application.pk, text=text, kind=kind)
    assert not Activity.objects.exists()


def test_a_note_on_another_users_application_is_not_found(user):
    with pytest.raises(ApplicationNotFound):
        add_note(user=user, application_id=ApplicationFactory(owner=UserFactory()).pk, text="hello")


def test_packet_ready_is_logged_and_remembered_until_applied(user, django_capture_on_commit_callbacks):
    application = ApplicationFactory(owner=user, status="saved")
    first, second = PacketFactory(owner=user, job=application.job), PacketFactory(owner=user, job=application.job)
    with django_capture_on_commit_callbacks(execute=True):
        publish(user, "packet.ready", {"packet_id": first.pk, "job_id": application.job_id, "design": "modern"})
    application.refresh_from_db()
    assert (application.packet_id, application.packet_design) == (first.pk, "modern")
    assert Activity.objects.get(kind="packet").data == {"packet_id": first.pk, "design": "modern"}
    application.applied_at, application.status = application.saved_at, "applied"
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(user, "packet.ready", {"packet_id": second.pk, "job_id": application.job_id, "design": "classic"})
    application.refresh_from_db()
    assert application.packet_id == first.pk  # what was sent stays; the new packet is only logged
    assert Activity.objects.filter(kind="packet").count() == 2


def test_packet_ready_of_another_user_or_without_ids_changes_nothing(user, django_capture_on_commit_callbacks):
    application = ApplicationFactory(owner=user)
    theirs = PacketFactory(job=application.job)
    with django_capture_on_commit_callbacks(execute=True):
        publish(theirs.owner, "packet.ready", {"packet_id": theirs.pk, "job_id": application.job_id})
        publish(user, "packet.ready", {"packet_id": theirs.pk, "job_id": application.job_id})  # not theirs to name
        publish(user, "packet.ready", {"packet_id": 999999, "job_id": application.job_id})  # no such packet
        publish(user, "packet.ready", {"packet_id": str(theirs.pk), "job_id": application.job_id})
        publish(user, "packet.ready", {})
    application.refresh_from_db()
    assert application.packet_id is None and not Activity.objects.exists()


def test_interview_prep_ready_of_another_users_application_or_without_ids_logs_nothing(
        user, django_capture_on_commit_callbacks):
    mine, theirs = ApplicationFactory(owner=user), ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish(user, "interview_prep.ready", {"prep_id": 1, "job_id": theirs.job_id, "application_id": theirs.pk})
        publish(user, "interview_prep.ready", {"prep_id": "1", "job_id": mine.job_id})
        publish(user, "interview_prep.ready", {"job_id": mine.job_id})
        publish(user, "interview_prep.ready", {})
    assert not Activity.objects.exists()
