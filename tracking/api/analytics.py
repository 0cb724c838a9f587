"""Analytics API under /api/analytics/: one read-only view per measure, the exports, and the
staff-only site aggregates. Every number is computed by the database for the requesting user."""

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from tracking import analytics, exports
from tracking.analytics.cache import analytics_for


class _AnalyticsView(APIView):
    """GET only: a JSON object computed for the requesting user, kept in the analytics read cache until
    the user's applications change (tracking/analytics/cache.py)."""

    cache = True

    def measure(self, request):
        raise NotImplementedError

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not self.cache:
            return Response(self.measure(request))
        parts = sorted((name, tuple(values)) for name, values in request.query_params.lists())
        return Response(analytics_for(request.user, type(self).__name__, parts, lambda: self.measure(request)))


def _bounded_int(request, name, default, low, high):
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"A whole number from {low} to {high}."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"A whole number from {low} to {high}."]})
    return value


class OverviewView(_AnalyticsView):
    """Dashboard overview: totals, response/interview/offer rates, median days to a first response."""

    def measure(self, request):
        return analytics.overview(request.user, now=timezone.now())


class PipelineView(_AnalyticsView):
    """Counts by status and the conversion funnel (applied → responded → interviewed → offer → accepted)."""

    def measure(self, request):
        return analytics.pipeline_summary(request.user)


class ActivityTimelineView(_AnalyticsView):
    """Timeline entries per day and kind over the last `days` (default 90, at most 366)."""

    @extend_schema(parameters=[OpenApiParameter("days", int)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return super().get(request)

    def measure(self, request):
        return analytics.activity_over_time(request.user, days=_bounded_int(request, "days", 90, 1, 366),
                                            now=timezone.now())


class TrendsView(_AnalyticsView):
    """Applications saved and applied per week, with the responses and interviews of each week's cohort."""

    @extend_schema(parameters=[OpenApiParameter("weeks", int)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return super().get(request)

    def measure(self, request):
        return analytics.weekly_trends(request.user, weeks=_bounded_int(request, "weeks", 12, 1, 104), now=timezone.now())


class MetricsView(_AnalyticsView):
    """Success metrics by `by` = source (default), profile, score_band or packet_design."""

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=list(analytics.DIMENSIONS))],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return super().get(request)

    def measure(self, request):
        by = request.query_params.get("by") or "source"
        if by not in analytics.DIMENSIONS:
            raise ValidationError({"by": [f"One of {', '.join(analytics.DIMENSIONS)}."]})
        return {"by": by, "groups": analytics.success_metrics(request.user, by=by)}


class HealthView(_AnalyticsView):
    """The health score of the search (0–100) with each component and its explanation."""

    def measure(self, request):
        return analytics.health_score(request.user, now=timezone.now())


class QuickStatsView(_AnalyticsView):
    def measure(self, request):
        return analytics.quick_stats(request.user, now=timezone.now())


class AnomaliesView(_AnalyticsView):
    """Flags: stalled applications past their due action, a drop in response rate, a week without activity."""

    def measure(self, request):
        return {"flags": analytics.anomalies(request.user, now=timezone.now())}


class SiteView(_AnalyticsView):
    """Operators only: site-wide aggregates (no per-user rows)."""

    permission_classes = [IsAdminUser]
    cache = False  # every user's writes change it: computed on each request

    def measure(self, request):
        return analytics.site_aggregates(now=timezone.now())


class ExportView(APIView):
    """`/api/analytics/export/applications.csv` (or `.json`; `activity.csv`, `activity.json`): your data,
    streamed; CSV cells that would run as spreadsheet formulas start with an apostrophe."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request, kind, fmt):
        if kind not in exports.KINDS or fmt not in ("csv", "json"):
            raise Http404
        stamp = timezone.now().strftime("%Y%m%d")
        if fmt == "csv":
            response = StreamingHttpResponse(exports.csv_lines(request.user, kind), content_type="text/csv; charset=utf-8")
        else:
            response = StreamingHttpResponse(exports.json_chunks(request.user, kind), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="jobly-{kind}-{stamp}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response
