"""The activity timeline: every service that changes an application records one entry here."""

from django.db import transaction
from django.utils import timezone

from jobly.errors import InvalidInput
from packets.selectors import packet_belongs_to
from tracking.errors import ApplicationNotFound
from tracking.models import Activity, Application

TEXT_LIMIT = 10_000


def record(*, application, kind, text="", data=None, at=None):
    """One timeline entry for `application` (inside the caller's transaction)."""
    return Activity.objects.create(
        owner_id=application.owner_id, application=application, kind=kind, text=(text or "")[:TEXT_LIMIT],
        data=data or {}, created_at=at or timezone.now(),
    )


NOTE_KINDS = (Activity.Kind.NOTE, Activity.Kind.EMAIL)


def add_note(*, user, application_id, text, kind=Activity.Kind.NOTE):
    """A note, or an e-mail sent or received, on the timeline (the application's own `notes` field is
    edited with update_application)."""
    text = (text or "").strip()
    if kind not in NOTE_KINDS:
        raise InvalidInput("A timeline entry written by hand is a note or an e-mail.", details={"kind": ["note or email."]})
    if not text:
        raise InvalidInput("Write the note first.", details={"text": ["This field may not be blank."]})
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(f"A note is at most {TEXT_LIMIT:,} characters.", details={"text": ["Too long."]})
    with transaction.atomic():
        application = Application.objects.for_user(user).select_for_update().filter(pk=application_id).first()
        if application is None:
            raise ApplicationNotFound()
        application.updated_at = timezone.now()
        application.save(update_fields=["updated_at"])
        return record(application=application, kind=kind, text=text)


def on_packet_ready(event):
    """`packet.ready` (data {"packet_id", "job_id", "design"?}): log it on the user's application for that
    posting and, while not yet applied, remember it as the packet to send."""
    data = event.data or {}
    job_id, packet_id = data.get("job_id"), data.get("packet_id")
    if not isinstance(job_id, int) or not isinstance(packet_id, int):
        return
    if not packet_belongs_to(packet_id, owner_id=event.owner_id):
        return
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(owner_id=event.owner_id, job_id=job_id).first()
        if application is None:
            return
        if application.applied_at is None:
            application.packet_id = packet_id
            application.packet_design = str(data.get("design") or "")[:60]
            application.save(update_fields=["packet_id", "packet_design"])
        record(application=application, kind=Activity.Kind.PACKET, text="Packet ready",
               data={"packet_id": packet_id, "design": application.packet_design})


def on_interview_prep_ready(event):
    """`interview_prep.ready` (data {"prep_id", "job_id", "application_id"?, "title"}): log it on the
    user's application it names, else their application for that posting."""
    data = event.data or {}
    job_id, prep_id, application_id = data.get("job_id"), data.get("prep_id"), data.get("application_id")
    if not isinstance(job_id, int) or not isinstance(prep_id, int):
        return
    with transaction.atomic():
        owned = Application.objects.select_for_update().filter(owner_id=event.owner_id)
        application = None
        if isinstance(application_id, int) and not isinstance(application_id, bool):
            application = owned.filter(pk=application_id).first()
        if application is None:
            application = owned.filter(job_id=job_id).first()  # one application per posting and user
        if application is None:
            return
        record(application=application, kind=Activity.Kind.INTERVIEW_PREP, text="Interview prep ready",
               data={"prep_id": prep_id})
