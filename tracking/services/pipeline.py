"""The one function that moves an application through the pipeline: row lock, expected status,
allowed moves from `tracking.pipeline`, dates, snapshot at "applied", timeline entry and event."""

from django.db import transaction
from django.utils import timezone

from jobly.events import publish
from tracking import pipeline
from tracking.errors import ApplicationNotFound, StatusChanged, TransitionNotAllowed
from tracking.models import Activity, Application
from tracking.services.snapshot import take_snapshot
from tracking.services.timeline import record

STATUSES = set(pipeline.LABELS)


def change_status(*, user, application_id, to, expect=None, note="", at=None):
    """Move the user's application to `to`. Returns (application, changed).

    `expect` is the status the caller saw: when the row has moved on since (another tab), 409
    `status_changed` and nothing is written. Moving to the current status is a no-op (changed False).
    """
    if to not in STATUSES:
        raise TransitionNotAllowed(f"Unknown status {to!r}.", code="invalid", status=400,
                                   details={"to": [f"One of {', '.join(pipeline.LABELS)}."]})
    with transaction.atomic():
        application = Application.objects.for_user(user).select_for_update().filter(pk=application_id).first()
        if application is None:
            raise ApplicationNotFound()
        if expect is not None and application.status != expect:
            raise StatusChanged(
                f"This application is now {application.status_label.lower()}, not {pipeline.LABELS.get(expect, expect)}; "
                "reload to see the change.", details={"status": application.status})
        if application.status == to:
            return application, False
        if not pipeline.can_move(application.status, to):
            allowed = pipeline.allowed_moves(application.status)
            raise TransitionNotAllowed(
                f"An application cannot move from {application.status_label.lower()} to {pipeline.LABELS[to].lower()}.",
                details={"from": application.status, "to": to, "allowed": allowed})
        now = at or timezone.now()
        previous = application.status
        _stamp_dates(application, to, now)
        application.status = to
        application.status_changed_at = now
        application.updated_at = now
        application.ghost_suggested_at = None  # silence is counted again from this change
        application.save()
        if to == pipeline.APPLIED:
            snapshot = take_snapshot(application=application, at=now)
            record(application=application, kind=Activity.Kind.SNAPSHOT, at=now,
                   text="Snapshot of the posting, match and packet sent", data={"snapshot_id": snapshot.pk})
        activity = record(application=application, kind=Activity.Kind.STATUS_CHANGE, text=note, at=now,
                          data={"from": previous, "to": to})
        publish(application.owner_id, "application.status_change", {
            "application_id": application.pk, "from": previous, "to": to, "title": application.title,
            "company": application.company, "changed_at": now.isoformat(), "activity_id": activity.pk,
        })
        return application, True


def _stamp_dates(application, to, now):
    """Each "reached" date is set the first time; a later stage implies the earlier ones for the funnel."""
    if to == pipeline.APPLIED:
        application.applied_at = application.applied_at or now
    if to in pipeline.RESPONSES:
        application.first_response_at = application.first_response_at or now
        application.last_response_at = now
    if to in (pipeline.INTERVIEWING, pipeline.OFFER, pipeline.ACCEPTED):
        application.reached_interview_at = application.reached_interview_at or now
    if to in (pipeline.OFFER, pipeline.ACCEPTED):
        application.reached_offer_at = application.reached_offer_at or now
    if to == pipeline.ACCEPTED:
        application.accepted_at = now
    if to in pipeline.FINAL or to == pipeline.GHOSTED:
        application.closed_at = now
    else:
        application.closed_at = None  # a ghosted application that comes back is open again
