"""Tracking's dashboard cards (registered in ready()): the pipeline at a glance, the next actions due and
the interviews coming, and a weekly progress chart (Chart.js, static/tracking/dashboard_chart.js)."""

from django.utils import timezone

from tracking import pipeline
from tracking.analytics import pipeline_summary, quick_stats, weekly_trends
from tracking.models import Application
from tracking.selectors import next_actions_for

CHART_WEEKS = 8


def applications_card(request):
    if not Application.objects.for_user(request.user).exists():
        return {"template": "tracking/cards/_applications.html", "context": {"stats": None}}
    counts = pipeline_summary(request.user)["counts"]
    peak = max(counts.values()) or 1
    stages = [{"status": status, "label": pipeline.LABELS[status], "count": counts[status],
               "percent": round(100 * counts[status] / peak)} for status in pipeline.BOARD_COLUMNS if counts[status]]
    return {"template": "tracking/cards/_applications.html",
            "context": {"stats": quick_stats(request.user, now=timezone.now()), "stages": stages}}


def next_actions_card(request):
    now = timezone.now()
    actions, interviews = next_actions_for(request.user, now=now)
    return {"template": "tracking/cards/_next_actions.html",
            "context": {"actions": actions, "interviews": interviews, "now": now}}


def weekly_progress_card(request):
    weeks = weekly_trends(request.user, weeks=CHART_WEEKS)["weeks"]
    active = any(week["saved"] or week["applied"] for week in weeks)
    return {"template": "tracking/cards/_weekly_progress.html", "context": {"weeks": weeks if active else []}}
