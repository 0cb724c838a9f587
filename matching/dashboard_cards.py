"""Matching's dashboard card: feed health and new postings per day (a small SVG bar chart); registered in ready()."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from matching.models import Feed, Job

CHART_DAYS = 14


def postings_per_day(user, *, days=CHART_DAYS, today=None):
    """[(date, count)] of postings first seen on each of the last `days` days, oldest first, gaps as 0."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = (
        Job.objects.for_user(user)
        .filter(first_seen_at__date__gte=start)
        .annotate(day=TruncDate("first_seen_at"))
        .values("day")
        .annotate(count=Count("id"))
    )
    counts = {row["day"]: row["count"] for row in rows}
    return [(start + timedelta(days=offset), counts.get(start + timedelta(days=offset), 0)) for offset in range(days)]


def chart_bars(series, *, width=280, height=80):
    """Bar geometry for the template; heights scale to the largest day."""
    peak = max((count for _, count in series), default=0) or 1
    slot = width / max(len(series), 1)
    return [
        {
            "x": round(index * slot + 1, 1),
            "width": round(slot - 2, 1),
            "height": round((height - 14) * count / peak, 1),
            "y": round(height - 14 - (height - 14) * count / peak, 1),
            "day": day,
            "count": count,
        }
        for index, (day, count) in enumerate(series)
    ]


def feeds_card(request):
    feeds = Feed.objects.for_user(request.user)
    failing = list(feeds.filter(consecutive_failures__gt=0).order_by("-consecutive_failures")[:3])
    series = postings_per_day(request.user)
    return {
        "template": "matching/cards/_feeds.html",
        "context": {
            "feed_count": feeds.count(),
            "failing": failing,
            "posting_count": Job.objects.for_user(request.user).count(),
            "new_this_week": sum(count for _, count in series[-7:]),
            "bars": chart_bars(series),
            "series": series,
        },
    }

