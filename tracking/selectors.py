"""Tracking's reads: the applications list with its filters, the board, one application with its
timeline, recent activity and the calendar's entries. Pages and the API call the same selectors."""

from datetime import timedelta

from django.db.models import F, Prefetch, Q

from tracking import pipeline
from tracking.models import Activity, Application, Interview

ORDERINGS = {
    "updated": ("Recently updated", ("-updated_at", "-id")),
    "created": ("Newest first", ("-created_at", "-id")),
    "applied": ("Applied date", (F("applied_at").desc(nulls_last=True), "-id")),
    "score": ("Match score", (F("match_score").desc(nulls_last=True), "-id")),
    "priority": ("Priority", ("-priority", "-updated_at", "-id")),
    "company": ("Company A–Z", ("company", "title", "id")),
    "due": ("Next action due", (F("next_action_due").asc(nulls_last=True), "id")),
}
BOARD_CARD_LIMIT = 200  # per column; the table view pages through everything
TIMELINE_LIMIT = 200
CALENDAR_PAST_DAYS = 90


def applications_for_user(user, *, status=None, q="", source="", profile=None, priority=None, min_score=None,
                          applied_since=None, overdue=None, ordering="updated"):
    """The table's rows: filters combine with AND."""
    queryset = Application.objects.for_user(user).select_related("profile")
    if status:
        queryset = queryset.filter(status__in=status if isinstance(status, (list, tuple)) else [status])
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(company__icontains=q) | Q(notes__icontains=q))
    if source:
        queryset = queryset.filter(source__iexact=source)
    if profile is not None:
        queryset = queryset.filter(profile_id=profile)
    if priority is not None:
        queryset = queryset.filter(priority=priority)
    if min_score is not None:
        queryset = queryset.filter(match_score__gte=min_score)
    if applied_since is not None:
        queryset = queryset.filter(applied_at__gte=applied_since)
    if overdue:
        from django.utils import timezone

        queryset = queryset.filter(next_action_due__lt=timezone.now()).exclude(status__in=pipeline.FINAL)
    return queryset.order_by(*ORDERINGS.get(ordering or "updated", ORDERINGS["updated"])[1])


def board_for_user(user):
    """[(status, label, [applications])] in board order; each column newest change first, at most BOARD_CARD_LIMIT."""
    columns = {status: [] for status in pipeline.BOARD_COLUMNS}
    rows = Application.objects.for_user(user).only(
        "id", "title", "company", "status", "priority", "match_score", "next_action", "next_action_due",
        "status_changed_at", "updated_at",
    ).order_by("status", "-status_changed_at", "-id")
    for application in rows:
        column = columns[application.status]
        if len(column) < BOARD_CARD_LIMIT:
            column.append(application)
    return [(status, pipeline.LABELS[status], columns[status]) for status in pipeline.BOARD_COLUMNS]


def application_detail_for_user(user, application_id):
    return (
        Application.objects.for_user(user)
        .select_related("profile", "job", "snapshot")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.order_by("-created_at", "-id")[:TIMELINE_LIMIT],
                     to_attr="timeline"),
            Prefetch("interviews", queryset=Interview.objects.order_by("scheduled_at", "id")),
        )
        .filter(pk=application_id)
        .first()
    )


def timeline_for(user, application_id):
    return Activity.objects.for_user(user).filter(application_id=application_id).order_by("-created_at", "-id")


def recent_activity(user, *, limit=20):
    """The user's latest timeline entries across applications (the board's side panel)."""
    return (
        Activity.objects.for_user(user).select_related("application").only(
            "id", "kind", "text", "data", "created_at", "application__id", "application__title", "application__company",
        ).order_by("-created_at", "-id")[:limit]
    )


def application_for_job(user, job_id):
    return Application.objects.for_user(user).filter(job_id=job_id).only("id", "status").first()


def calendar_entries(user, *, now):
    """Interviews from CALENDAR_PAST_DAYS ago on, and open applications with a next action due."""
    interviews = (
        Interview.objects.for_user(user).select_related("application")
        .filter(scheduled_at__gte=now - timedelta(days=CALENDAR_PAST_DAYS)).order_by("scheduled_at", "id")
    )
    actions = (
        Application.objects.for_user(user).filter(next_action_due__isnull=False)
        .exclude(status__in=[*pipeline.FINAL, pipeline.GHOSTED]).order_by("next_action_due", "id")
    )
    return list(interviews), list(actions)


def next_actions_for(user, *, now, limit=5):
    """What is due (open applications' next actions, soonest first) and interviews of the next 7 days."""
    actions = (
        Application.objects.for_user(user).filter(next_action_due__isnull=False)
        .exclude(status__in=[*pipeline.FINAL, pipeline.GHOSTED]).exclude(next_action="")
        .only("id", "title", "company", "status", "next_action", "next_action_due").order_by("next_action_due", "id")[:limit]
    )
    interviews = (
        Interview.objects.for_user(user).select_related("application")
        .filter(scheduled_at__gte=now, scheduled_at__lt=now + timedelta(days=7)).order_by("scheduled_at", "id")[:limit]
    )
    return list(actions), list(interviews)
