"""The weekly digest's "Pipeline movement" and "Next actions" sections (registered from TrackingConfig.ready())."""

from datetime import timedelta

from django.conf import settings

from tracking import pipeline
from tracking.models import Activity, Application

LISTED = 15


def _url(application_id):
    return f"{settings.SITE_URL.rstrip('/')}/applications/{application_id}/"


def pipeline_movement(user, since, until):
    """Status changes of the week, newest first."""
    changes = (Activity.objects.for_user(user).filter(kind=Activity.Kind.STATUS_CHANGE, created_at__gte=since, created_at__lt=until)
               .select_related("application").order_by("-created_at", "-id")[:LISTED])
    items = []
    for change in changes:
        moved_from = pipeline.LABELS.get(change.data.get("from"), change.data.get("from") or "new")
        moved_to = pipeline.LABELS.get(change.data.get("to"), change.data.get("to"))
        items.append({"text": f"{change.application.title} at {change.application.company}: {moved_from} → {moved_to}",
                      "url": _url(change.application_id)})
    return {"title": "Pipeline movement", "items": items} if items else None


def next_actions(user, since, until):
    """Open applications whose next action is overdue or due in the coming week, soonest first."""
    due = (Application.objects.for_user(user).exclude(status__in=pipeline.FINAL)
           .filter(next_action_due__isnull=False, next_action_due__lt=until + timedelta(days=7))
           .order_by("next_action_due", "id")[:LISTED])
    items = [{"text": f"{application.next_action or 'Follow up'}: {application.title} at {application.company} "
                      f"(due {application.next_action_due:%a %d %b})", "url": _url(application.pk)} for application in due]
    return {"title": "Next actions", "items": items} if items else None
