"""Template context shared by every page."""

from django.conf import settings


def page_context(request):
    context = {"site_name": "Jobly", "demo_mode": not settings.PRODUCTION}
    if request.user.is_authenticated:
        from jobly.models import Event

        last = Event.objects.for_user(request.user).order_by("-id").values_list("id", flat=True).first()
        context["last_event_id"] = last or 0
    return context
