"""Activity over time (timeline entries per day and kind) and application trends by week."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from tracking.models import Activity, Application

MAX_DAYS = 366
MAX_WEEKS = 104


def activity_over_time(user, *, days=90, now=None):
    """{"days": [date...], "series": {kind: [count per day]}, "total"} for the last `days` days (gaps are 0)."""
    now = now or timezone.now()
    days = max(1, min(int(days), MAX_DAYS))
    today = timezone.localdate(now)
    start = today - timedelta(days=days - 1)
    since = now - timedelta(days=days)
    rows = (
        Activity.objects.for_user(user).filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at")).values("day", "kind").annotate(n=Count("id")).order_by()
    )
    dates = [start + timedelta(days=offset) for offset in range(days)]
    index = {day: position for position, day in enumerate(dates)}
    series, total = {}, 0
    for row in rows:
        if row["day"] not in index:
            continue
        series.setdefault(row["kind"], [0] * days)[index[row["day"]]] += row["n"]
        total += row["n"]
    return {"days": [day.isoformat() for day in dates], "series": series, "total": total}


def weekly_trends(user, *, weeks=12, now=None):
    """Per ISO week (Monday), oldest first: applications saved, applied, and of those applied that week how
    many got a response and an interview (a cohort view: later answers count for the week applied)."""
    now = now or timezone.now()
    weeks = max(1, min(int(weeks), MAX_WEEKS))
    today = timezone.localdate(now)
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(timezone.datetime.combine(first_monday, timezone.datetime.min.time()))
    mine = Application.objects.for_user(user)
    saved = mine.filter(created_at__gte=since).annotate(week=TruncWeek("created_at")).values("week").annotate(
        n=Count("id")).order_by()
    applied = mine.filter(applied_at__gte=since).annotate(week=TruncWeek("applied_at")).values("week").annotate(
        n=Count("id"), responded=Count("id", filter=Q(first_response_at__isnull=False)),
        interviewed=Count("id", filter=Q(reached_interview_at__isnull=False))).order_by()
    mondays = [first_monday + timedelta(weeks=offset) for offset in range(weeks)]
    table = {monday: {"week": monday.isoformat(), "saved": 0, "applied": 0, "responded": 0, "interviewed": 0}
             for monday in mondays}
    for row in saved:
        week = _as_date(row["week"])
        if week in table:
            table[week]["saved"] = row["n"]
    for row in applied:
        week = _as_date(row["week"])
        if week in table:
            table[week].update(applied=row["n"], responded=row["responded"], interviewed=row["interviewed"])
    return {"weeks": [table[monday] for monday in mondays]}


def _as_date(value):
    return value.date() if hasattr(value, "date") else value
