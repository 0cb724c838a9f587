"""Match pages: thin views over the selectors (list with filters) and services (recompute)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from jobly.errors import DomainError
from jobly.models import Profile
from matching.matches import selectors, services
from matching.matches.api import match_filters
from matching.matches.chart import score_chart
from matching.matches.models import Match
from matching.models import Job
from matching.scoring import mode

MATCHES_PER_PAGE = 25
MODE_LABELS = {"text": "Text matching (TF-IDF over skills and words)", "semantic": "Semantic + text matching (embeddings)"}
FILTER_KEYS = ("min_score", "remote", "posted_since", "min_salary")


def _error_text(invalid):
    if isinstance(invalid.detail, dict):
        return "Some filters were not understood: " + ", ".join(str(key) for key in invalid.detail)
    return "Invalid filters."


@login_required
def match_list(request):
    profiles = list(Profile.objects.for_user(request.user).order_by("-is_default", "name", "id"))
    error = ""
    try:
        filters = match_filters(request.GET)
    except ValidationError as invalid:
        error, filters = _error_text(invalid), {}
    try:
        profile = selectors.chosen_profile(request.user, filters.pop("profile", None))
    except DomainError:
        raise Http404 from None
    page = None
    if profile is not None:
        page = Paginator(selectors.matches_for(profile, **filters), MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(request, "matching/matches/list.html", {
        "profiles": profiles,
        "profile": profile,
        "page": page,
        "error": error,
        "filters": request.GET,
        "remote_selected": request.GET.getlist("remote"),
        "remote_types": Job.RemoteType.choices,
        "orderings": [(key, label) for key, (label, _) in selectors.ORDERINGS.items()],
        "querystring": query_without_page.urlencode(),
        "has_filters": any(request.GET.get(key) for key in FILTER_KEYS),
        "has_postings": Job.objects.for_user(request.user).exists(),
        "last_computed_at": selectors.last_computed_at(profile) if profile else None,
        "mode": MODE_LABELS[mode()],
    })


@login_required
@require_POST
def recompute(request):
    profile_id = request.POST.get("profile") or None
    target = reverse("matches:list")
    try:
        profile_ids = [int(profile_id)] if profile_id else None
        if profile_ids:
            target += f"?profile={profile_ids[0]}"
        job, created = services.schedule_recompute(user=request.user, profile_ids=profile_ids)
    except ValueError:
        raise Http404 from None
    except DomainError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.message)
        return redirect(target)
    if created:
        messages.success(request, "Recomputing matches: progress shows in the activity panel.")
    else:
        messages.info(request, "A recompute is already running; progress shows in the activity panel.")
    return redirect(target)


@login_required
def match_detail(request, match_id):
    match = Match.objects.for_user(request.user).select_related("job", "profile").filter(pk=match_id).first()
    if match is None:
        raise Http404
    return render(request, "matching/matches/detail.html", {
        "match": match,
        "job": match.job,
        "chart": score_chart(match.components),
        "reasons": match.reasons,
    })
