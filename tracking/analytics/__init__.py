"""Analytics of a user's search, computed by the database (aggregates over the indexed columns):
overview, pipeline and funnel, trends, success metrics by dimension, health score, quick stats,
anomaly flags; and the site-wide aggregates for operators."""

from tracking.analytics.health import anomalies, health_score, quick_stats
from tracking.analytics.metrics import DIMENSIONS, success_metrics
from tracking.analytics.pipeline import overview, pipeline_summary
from tracking.analytics.site import site_aggregates
from tracking.analytics.trends import activity_over_time, weekly_trends

__all__ = [
    "DIMENSIONS", "activity_over_time", "anomalies", "health_score", "overview", "pipeline_summary", "quick_stats",
    "site_aggregates", "success_metrics", "weekly_trends",
]
