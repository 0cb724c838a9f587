"""Matching's scrape-time gauges: feed health (registered with the core's metrics at import)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from jobly.metrics import register_collector
from matching.models import Feed

# A feed whose next fetch is this overdue means Beat or the io workers are not keeping up.
OVERDUE_AFTER = timedelta(minutes=15)


def feed_health(*, now=None):
    now = now or timezone.now()
    counts = Feed.objects.aggregate(
        healthy=Count("id", filter=Q(enabled=True, consecutive_failures=0)),
        failing=Count("id", filter=Q(enabled=True, consecutive_failures__gt=0)),
        disabled=Count("id", filter=Q(enabled=False)),
        overdue=Count("id", filter=Q(enabled=True, next_fetch_at__lt=now - OVERDUE_AFTER)),
    )
    feeds = GaugeMetricFamily("jobly_feeds", "Feeds by health: healthy, failing (errors in a row) or disabled.", labels=["state"])
    for state in ("healthy", "failing", "disabled"):
        feeds.add_metric([state], counts[state])
    overdue = GaugeMetricFamily(
        "jobly_feeds_overdue", f"Enabled feeds whose next fetch is more than {int(OVERDUE_AFTER.total_seconds() // 60)} minutes late.",
        value=counts["overdue"],
    )
    return [feeds, overdue]


register_collector("feeds", feed_health)
