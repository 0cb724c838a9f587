"""Tracking's API: applications (with status moves, notes, interviews, timeline, snapshot), interviews,
analytics under /api/analytics/, exports and the calendar token. The core joins `router` and
`urlpatterns` into the one API root."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from tracking.api import analytics, calendar
from tracking.api.applications import ApplicationViewSet, InterviewViewSet

router = SimpleRouter(trailing_slash=False)
router.register("applications", ApplicationViewSet, basename="application")
router.register("interviews", InterviewViewSet, basename="interview")

urlpatterns = [
    path("analytics/overview", analytics.OverviewView.as_view(), name="analytics-overview"),
    path("analytics/pipeline", analytics.PipelineView.as_view(), name="analytics-pipeline"),
    path("analytics/timeline", analytics.ActivityTimelineView.as_view(), name="analytics-timeline"),
    path("analytics/trends", analytics.TrendsView.as_view(), name="analytics-trends"),
    path("analytics/metrics", analytics.MetricsView.as_view(), name="analytics-metrics"),
    path("analytics/health", analytics.HealthView.as_view(), name="analytics-health"),
    path("analytics/quick-stats", analytics.QuickStatsView.as_view(), name="analytics-quick-stats"),
    path("analytics/anomalies", analytics.AnomaliesView.as_view(), name="analytics-anomalies"),
    path("analytics/site", analytics.SiteView.as_view(), name="analytics-site"),
    path("analytics/export/<str:kind>.<str:fmt>", analytics.ExportView.as_view(), name="analytics-export"),
    path("calendar-token", calendar.CalendarTokenView.as_view(), name="calendar-token"),
]
