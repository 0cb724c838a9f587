"""Tracking's dashboard card: the pipeline at a glance and what needs doing (registered in ready())."""

from django.utils import timezone

from tracking.analytics import quick_stats
from tracking.models import Application


def applications_card(request):
    if not Application.objects.for_user(request.user).exists():
        return {"template": "tracking/cards/_applications.html", "context": {"stats": None}}
    return {"template": "tracking/cards/_applications.html",
            "context": {"stats": quick_stats(request.user, now=timezone.now())}}
