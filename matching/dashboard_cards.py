"""Matching's dashboard cards: today's top new matches, and feed health with new postings per day (a small
SVG bar chart); registered in ready()."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from matching.models import Feed, Job, Match

CHART_DAYS = 14
TOP_MATCHES = 5


def postings_per_day(user, *, days=CHART_DAYS, today=None):
    """[(date, count)] of postings first seen on each of the last `days` days, oldest first, gaps as 0."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    # A range on the column itself (local midnight), so the first_seen_at index serves it; `__date__gte`
    # casts every row's timestamp and reads the whole table on each dashboard view.
    since = timezone.make_aware(datetime.combine(start, time.min))
    rows = (
        Job.objects.for_user(user)
        .filter(first_seen_at__gte=since)
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


def top_matches_card(request, *, now=None):
    """The best matches found in the last 24 hours; when none are new, the best ones overall."""
    now = now or timezone.now()
    mine = Match.objects.for_user(request.user).select_related("job", "profile").only(
        "id", "score", "summary", "created_at", "job__title", "job__company", "job__location", "job__remote_type",
        "profile__name")
    new = list(mine.filter(created_at__gte=now - timedelta(days=1)).order_by("-score", "job_id")[:TOP_MATCHES])
    best = [] if new else list(mine.order_by("-score", "job_id")[:3])
    return {"template": "matching/cards/_top_matches.html", "context": {"new_matches": new, "best_matches": best}}


def feeds_card(request):
    feeds = Feed.objects.for_user(request.user)
    failing = list(feeds.filter(consecutive_failures__gt=0).order_by("-consecutive_failures")[:3])
    series = postings_per_day(request.user)
    feed_count = feeds.count()
    first_step = None if feed_count else {
        "text": "Add a feed", "url": reverse("matching:feeds"),
        "why": "An RSS, Atom or job-board URL: Jobly fetches it in the background and scores every posting."}
    return {
        "first_step": first_step,
        "template": "matching/cards/_feeds.html",
        "context": {
            "feed_count": feed_count,
            "failing": failing,
            "posting_count": Job.objects.for_user(request.user).count(),
            "new_this_week": sum(count for _, count in series[-7:]),
            "bars": chart_bars(series),
            "series": series,
        },
    }

