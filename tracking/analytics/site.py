"""Site-wide aggregates for operators (the staff-only endpoint and the admin): no per-user rows."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from tracking import pipeline
from tracking.analytics.sql import days, median_by, rate, seconds_between
from tracking.models import Activity, Application


def site_aggregates(*, now=None):
    now = now or timezone.now()
    applications = Application.objects.all()
    totals = applications.aggregate(
        applications=Count("id"),
        users=Count("owner", distinct=True),
        applied=Count("id", filter=Q(applied_at__isnull=False)),
        responded=Count("id", filter=Q(first_response_at__isnull=False)),
        interviewed=Count("id", filter=Q(reached_interview_at__isnull=False)),
        offers=Count("id", filter=Q(reached_offer_at__isnull=False)),
        applied_last_7_days=Count("id", filter=Q(applied_at__gte=now - timedelta(days=7))),
    )
    by_status = {status: 0 for status in pipeline.BOARD_COLUMNS}
    by_status.update({row["status"]: row["n"] for row in applications.values("status").annotate(n=Count("id")).order_by()})
    median = median_by(applications.filter(applied_at__isnull=False), None, seconds_between("applied_at", "first_response_at"))
    return {
        "totals": totals,
        "by_status": by_status,
        "rates": {"response": rate(totals["responded"], totals["applied"]),
                  "interview": rate(totals["interviewed"], totals["applied"]),
                  "offer": rate(totals["offers"], totals["applied"])},
        "median_days_to_first_response": days(median.get(None)),
        "activity_last_7_days": Activity.objects.filter(created_at__gte=now - timedelta(days=7)).count(),
    }
