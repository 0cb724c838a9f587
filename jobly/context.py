"""Template context shared by every page."""

from django.conf import settings


def page_context(request):
    context = {"site_name": "Jobly", "demo_mode": not settings.PRODUCTION}
    if request.user.is_authenticated:
        # Read once per request: the dashboard renders each card with the request too.
        if not hasattr(request, "_jobly_last_event_id"):
            from jobly.models import Event

            last = Event.objects.for_user(request.user).order_by("-id").values_list("id", flat=True).first()
            request._jobly_last_event_id = last or 0
        context["last_event_id"] = request._jobly_last_event_id
    return context
