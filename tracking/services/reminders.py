"""Reminders (Celery Beat, `tracking.send_reminders`): due next actions, applications with no response
after TRACKING_NO_RESPONSE_DAYS, and ghosting suggestions after TRACKING_GHOSTED_AFTER_DAYS of silence.

Each kind is claimed with `FOR UPDATE SKIP LOCKED` and marked in the same transaction, so a second
Beat run (or two at once) finds nothing left to send: every reminder fires once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobly.events import publish
from tracking import pipeline
from tracking.models import Activity, Application
from tracking.services.timeline import record

BATCH = 500
OPEN = [status for status in pipeline.LABELS if status not in pipeline.FINAL and status != pipeline.GHOSTED]


def due_filters(now):
    """kind → (filter of applications that need it, the field that marks it sent)."""
    no_response_before = now - timedelta(days=settings.TRACKING_NO_RESPONSE_DAYS)
    ghost_before = now - timedelta(days=settings.TRACKING_GHOSTED_AFTER_DAYS)
    return {
        "next_action_due": (
            Q(status__in=OPEN, next_action_due__isnull=False, next_action_due__lte=now, next_action_reminded_at__isnull=True),
            "next_action_reminded_at",
        ),
        "no_response": (
            Q(status=pipeline.APPLIED, first_response_at__isnull=True, applied_at__lte=no_response_before,
              no_response_reminded_at__isnull=True),
            "no_response_reminded_at",
        ),
        "ghosted_suggestion": (
            Q(status__in=sorted(pipeline.AWAITING), status_changed_at__lte=ghost_before, ghost_suggested_at__isnull=True),
            "ghost_suggested_at",
        ),
    }


def send_reminders(*, now=None, batch=BATCH):
    """Send every due reminder once; returns how many of each kind went out."""
    now = now or timezone.now()
    sent = {}
    for kind, (condition, mark) in due_filters(now).items():
        sent[kind] = 0
        while True:
            count = _send_batch(kind, condition, mark, now, batch)
            sent[kind] += count
            if count < batch:
                break
    return sent


def _send_batch(kind, condition, mark, now, batch):
    with transaction.atomic():
        claimed = list(
            Application.objects.filter(condition).select_for_update(skip_locked=True).order_by("id")[:batch]
        )
        if not claimed:
            return 0
        Application.objects.filter(pk__in=[application.pk for application in claimed]).update(**{mark: now})
        for application in claimed:
            text = _message(kind, application, now)
            activity = record(application=application, kind=Activity.Kind.REMINDER, text=text, at=now, data={"kind": kind})
            publish(application.owner_id, "application.reminder", {
                "application_id": application.pk, "kind": kind, "title": application.title,
                "company": application.company, "message": text, "activity_id": activity.pk,
            })
        return len(claimed)


def _message(kind, application, now):
    if kind == "next_action_due":
        return f"Next action due: {application.next_action or 'follow up'}"
    if kind == "no_response":
        days = (now - application.applied_at).days
        return f"No response {days} days after applying: time to follow up."
    days = (now - application.status_changed_at).days
    return f"Silent for {days} days: mark it as ghosted?"
