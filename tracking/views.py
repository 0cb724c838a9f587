"""Tracking's pages: the board (kanban), the table with filters, one application (timeline, snapshot,
edit), entering a posting by hand, the analytics page, the calendar settings and the feed itself.
Thin: forms validate, selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobly.errors import DomainError, NotFound
from jobly.models import Profile
from tracking import pipeline, selectors
from tracking.analytics import DIMENSIONS, pipeline_summary
from tracking.calendar_feed import calendar_feed
from tracking.forms import (
    ApplicationEditForm, ApplicationFilterForm, InterviewForm, ManualApplicationForm, NoteForm, StatusForm, TrackForm,
)
from tracking.models import Application, CalendarToken
from tracking.selectors import ORDERINGS
from tracking.services import applications as services, calendar, pipeline as pipeline_services, timeline

PER_PAGE = 25


def _form_error(form):
    field, errors = next(iter(form.errors.items()))
    return f"{field}: {errors[0]}" if field != "__all__" else errors[0]


@login_required
def board(request):
    return render(request, "tracking/board.html", {
        "columns": selectors.board_for_user(request.user),
        "transitions": {status: sorted(moves) for status, moves in pipeline.TRANSITIONS.items()},
        "recent": selectors.recent_activity(request.user, limit=15),
        "counts": pipeline_summary(request.user)["counts"],
    })


@login_required
def table(request):
    form = ApplicationFilterForm.from_query(request.GET)
    error, filters = ("", form.filters()) if form.is_valid() else (form.error_text(), {})
    page = Paginator(selectors.applications_for_user(request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tracking/table.html", {
        "page": page, "error": error, "filters": request.GET, "querystring": query.urlencode(),
        "status_selected": request.GET.getlist("status"), "statuses": pipeline.STATUS_CHOICES,
        "orderings": [(key, label) for key, (label, _) in ORDERINGS.items()],
        "profiles": Profile.objects.for_user(request.user).order_by("name").only("id", "name"),
    })


@login_required
def detail(request, application_id):
    application = selectors.application_detail_for_user(request.user, application_id)
    if application is None:
        raise Http404
    snapshot = getattr(application, "snapshot", None)  # the reverse one-to-one raises AttributeError when absent
    return render(request, "tracking/detail.html", {
        "application": application,
        "snapshot": snapshot,
        "moves": [(status, pipeline.LABELS[status]) for status in pipeline.allowed_moves(application.status)],
        "edit_form": ApplicationEditForm(initial=_edit_initial(application)),
        "interview_form": InterviewForm(),
        "priorities": application.Priority.choices,
        "contact_rows": [*application.contacts, *[{}] * max(1, 3 - len(application.contacts))],
        "ghost_suggested": application.ghost_suggested_at is not None and application.status in pipeline.AWAITING,
    })


def _edit_initial(application):
    return {name: getattr(application, name) for name in ApplicationEditForm.base_fields}


def _detail_action(request, application_id, form, act, success="", target=None):
    """A POST of the detail page: validate, call the service, say how it went, go back to the page."""
    if not Application.objects.for_user(request.user).filter(pk=application_id).exists():
        raise Http404  # another user's id is 404 even with a bad form: nothing says it exists
    if not form.is_valid():
        messages.error(request, _form_error(form))
    else:
        try:
            act(form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if success:
                messages.success(request, success(form.cleaned_data) if callable(success) else success)
    return redirect(target or reverse("tracking:detail", kwargs={"application_id": application_id}))


@login_required
@require_POST
def edit(request, application_id):
    form = ApplicationEditForm(request.POST)
    contacts = form.contacts_from(request.POST)
    return _detail_action(request, application_id, form, lambda data: services.update_application(
        user=request.user, application_id=application_id, contacts=contacts, **data), "Saved.")


@login_required
@require_POST
def change_status(request, application_id):
    """The no-JavaScript way to move a card (the board uses the API)."""
    return _detail_action(
        request, application_id, StatusForm(request.POST),
        lambda data: pipeline_services.change_status(user=request.user, application_id=application_id, to=data["to"],
                                                     expect=data["expect"] or None, note=data["note"]),
        lambda data: f"Moved to {pipeline.LABELS[data['to']].lower()}.",
        target=reverse("tracking:board") if request.POST.get("next") == "board" else None,
    )


@login_required
@require_POST
def add_note(request, application_id):
    return _detail_action(request, application_id, NoteForm(request.POST), lambda data: timeline.add_note(
        user=request.user, application_id=application_id, **data))


@login_required
@require_POST
def add_interview(request, application_id):
    return _detail_action(request, application_id, InterviewForm(request.POST), lambda data: services.schedule_interview(
        user=request.user, application_id=application_id, **data), "Interview added; it shows in your calendar feed.")


@login_required
@require_POST
def delete(request, application_id):
    try:
        services.delete_application(user=request.user, application_id=application_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, "Application deleted.")
    return redirect("tracking:board")


@login_required
@require_POST
def track(request):
    """The "Track application" button of job and match pages."""
    form = TrackForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        application, created = services.track_job(user=request.user, job_id=form.cleaned_data["job"],
                                                   profile_id=form.cleaned_data["profile"])
    except NotFound:
        raise Http404 from None
    messages.success(request, "Tracking this posting: it is on your board as saved." if created
                     else "You already track this posting.")
    return redirect("tracking:detail", application_id=application.pk)


@login_required
def new_application(request):
    form = ManualApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, created = services.add_manual_application(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if not created:
                messages.info(request, "You already track this posting.")
            return redirect("tracking:detail", application_id=application.pk)
    return render(request, "tracking/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def analytics_page(request):
    labels = {"source": "Source", "profile": "Profile", "score_band": "Match-score band", "packet_design": "Packet design"}
    return render(request, "tracking/analytics.html", {"dimensions": [(key, labels.get(key, key)) for key in DIMENSIONS]})


@login_required
def calendar_settings(request):
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.revoke_calendar_token(user=request.user)
            messages.success(request, "Calendar feed revoked: subscribed calendars stop updating.")
            return redirect("tracking:calendar")
        _, raw = calendar.rotate_calendar_token(user=request.user)
        new_url = request.build_absolute_uri(reverse("tracking:calendar-feed", kwargs={"token": raw}))
        messages.success(request, "New calendar feed created. Copy its address now: it is shown once.")
    token = CalendarToken.objects.for_user(request.user).active().first()
    return render(request, "tracking/calendar.html", {"token": token, "new_url": new_url})


@require_GET
@never_cache
def calendar_feed_view(request, token):
    """The private feed: no login (calendar apps cannot log in), the secret token is the credential."""
    user = calendar.owner_of_calendar_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jobly.ics"'
    return response
