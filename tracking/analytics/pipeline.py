"""The dashboard overview, counts by status and the conversion funnel."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from tracking import pipeline
from tracking.analytics.sql import days, median_by, rate, seconds_between
from tracking.models import Application, Interview

OPEN = [status for status in pipeline.LABELS if status not in pipeline.FINAL and status != pipeline.GHOSTED]


def funnel_counts(queryset):
    """Counts of each funnel stage reached, in one query."""
    return queryset.aggregate(**{key: Count("id", filter=Q(**{f"{field}__isnull": False}))
                                 for key, _, field in pipeline.FUNNEL})


def pipeline_summary(user):
    """{"counts": {status: n}, "total", "funnel": [{stage, label, count, rate_from_previous, rate_from_applied}]}."""
    mine = Application.objects.for_user(user)
    rows = mine.values("status").annotate(n=Count("id")).order_by()
    counts = {status: 0 for status in pipeline.BOARD_COLUMNS}
    counts.update({row["status"]: row["n"] for row in rows})
    reached = funnel_counts(mine)
    funnel, previous = [], None
    applied = reached["applied"]
    for key, label, _ in pipeline.FUNNEL:
        funnel.append({"stage": key, "label": label, "count": reached[key],
                       "rate_from_previous": rate(reached[key], previous) if previous is not None else None,
                       "rate_from_applied": rate(reached[key], applied)})
        previous = reached[key]
    return {"counts": counts, "total": sum(counts.values()), "funnel": funnel}


def overview(user, *, now=None):
    """The headline numbers: totals, rates, median days to a first response, what is coming up."""
    now = now or timezone.now()
    mine = Application.objects.for_user(user)
    totals = mine.aggregate(
        applications=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN)),
        applied=Count("id", filter=Q(applied_at__isnull=False)),
        responded=Count("id", filter=Q(first_response_at__isnull=False)),
        interviewed=Count("id", filter=Q(reached_interview_at__isnull=False)),
        offers=Count("id", filter=Q(reached_offer_at__isnull=False)),
        accepted=Count("id", filter=Q(status=pipeline.ACCEPTED)),
        overdue_actions=Count("id", filter=Q(status__in=OPEN, next_action_due__lt=now)),
        applied_last_7_days=Count("id", filter=Q(applied_at__gte=now - timedelta(days=7))),
    )
    median = median_by(mine.filter(applied_at__isnull=False), None, seconds_between("applied_at", "first_response_at"))
    upcoming = Interview.objects.for_user(user).filter(scheduled_at__gte=now, scheduled_at__lt=now + timedelta(days=7)).count()
    return {
        "totals": totals,
        "rates": {
            "response": rate(totals["responded"], totals["applied"]),
            "interview": rate(totals["interviewed"], totals["applied"]),
            "offer": rate(totals["offers"], totals["applied"]),
        },
        "median_days_to_first_response": days(median.get(None)),
        "interviews_next_7_days": upcoming,
    }
