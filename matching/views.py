"""Matching's pages: feeds (health, add, fetch now, import), postings (search, filters, pages, paste),
matches (ranked list, one match's breakdown, recompute). Thin: forms validate, selectors read, services write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from jobly.bidi import isolate
from jobly.cache import cached_for_user
from jobly.errors import DomainError, NotFound
from jobly.models import Profile
from matching import read_cache, selectors
from matching.forms import FeedFileForm, FeedForm, JobFilterForm, MatchFilterForm, PasteForm, RecomputeForm
from matching.models import Feed, Job, Match
from matching.score_chart import score_chart
from matching.scoring import mode
from matching.selectors import JOB_ORDERINGS, MATCH_ORDERINGS
from matching.services import feeds as feed_services, ingest, matches as match_services, submissions

PER_PAGE = 25
MODE_LABELS = {"text": "Text matching (TF-IDF over skills and words)", "semantic": "Semantic + text matching (embeddings)"}
MATCH_FILTER_KEYS = ("min_score", "remote", "posted_since", "salary_min", "min_salary")


@login_required
def feeds(request):
    form = FeedForm(request.POST if request.method == "POST" else None, initial={"kind": Feed.Kind.AUTO})
    form_errors = {}
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            try:
                feed = feed_services.create_feed(user=request.user, url=data["url"], title=data["title"], kind=data["kind"])
            except DomainError as error:
                form_errors["url"] = error.message
            else:
                messages.success(request, f"Added {isolate(feed)}. Use “Fetch now” to load its postings.")
                return redirect("matching:feeds")
        else:
            form_errors = {field: errors[0] for field, errors in form.errors.items()}
    form_values = {key: form.data.get(key, "").strip() for key in ("url", "title", "kind")} if form.is_bound else {
        "url": "", "title": "", "kind": Feed.Kind.AUTO}
    return render(
        request,
        "matching/feeds.html",
        {"feeds": selectors.feeds_for_user(request.user), "form_errors": form_errors, "form_values": form_values,
         "kinds": Feed.Kind.choices},
        status=400 if form_errors else 200,
    )


@login_required
@require_POST
def fetch_feed_now(request, feed_id):
    feed = Feed.objects.for_user(request.user).filter(pk=feed_id).first()
    if feed is None:
        raise Http404
    try:
        job, created = ingest.start_ingest(user=request.user, feed_ids=[feed.pk])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, f"Fetching {isolate(feed)}: progress shows in the activity panel." if created else f"{isolate(feed)} is already being fetched.")
    return redirect("matching:feeds")


@login_required
@require_POST
def fetch_all_feeds(request):
    try:
        ingest.start_ingest(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, "Fetching all your feeds: progress shows in the activity panel.")
    return redirect("matching:feeds")


@login_required
@require_POST
def delete_feed(request, feed_id):
    feed = Feed.objects.owned_by(request.user).filter(pk=feed_id).first()
    if feed is None:
        raise Http404
    feed_services.delete_feed(feed=feed)
    messages.success(request, f"Removed {isolate(feed)}.")
    return redirect("matching:feeds")


@login_required
@require_POST
def import_feeds(request):
    form = FeedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.errors["file"][0])
        return redirect("matching:feeds")
    upload = form.cleaned_data["file"]
    try:
        submissions.start_feed_import(user=request.user, content=upload.read(), filename=upload.name)
    except DomainError as error:
        messages.error(request, f"{isolate(upload.name)}: {error.message}")
    else:
        messages.info(request, f"Importing {upload.name}: progress and the result show in the activity panel.")
    return redirect("matching:feeds")


def _list_context(request):
    """What every filtered list page shows around its rows."""
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "filters": request.GET,
        "remote_selected": request.GET.getlist("remote"),
        "remote_types": Job.RemoteType.choices,
        "querystring": query_without_page.urlencode(),
    }


def _job_results(request, filters, has_filters, querystring):
    """The rendered rows (or empty state) of one page of postings: kept in the read cache per user and URL
    until postings, their text or the feeds change (matching/read_cache.py)."""
    def compute():
        queryset = selectors.jobs_for_user(request.user, **filters).prefetch_related(None)
        page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
        return render_to_string("matching/_job_results.html",
                                {"page": page, "has_filters": has_filters, "querystring": querystring})

    user = request.user
    return cached_for_user("page:jobs", user, (request.get_full_path(),), compute,
                           topics=read_cache.posting_list_topics(user.pk), timeout=settings.POSTING_LIST_CACHE_SECONDS)


@login_required
def jobs(request):
    form = JobFilterForm.from_query(request.GET)
    error, filters = ("", form.filters()) if form.is_valid() else (form.error_text(), {})
    around = _list_context(request)
    has_filters = any(value for key, value in request.GET.items() if key not in ("page", "ordering"))
    return render(request, "matching/jobs.html", {
        **around,
        "results_html": _job_results(request, filters, has_filters, around["querystring"]),
        "error": error,
        "orderings": [(key, key.title()) for key in JOB_ORDERINGS],
        "feeds": Feed.objects.for_user(request.user).order_by("title"),
        "has_filters": has_filters,
    })


@login_required
@require_POST
def paste_job(request):
    form = PasteForm(request.POST)
    form.is_valid()  # every field is optional and only cut to size; the service decides what is missing
    try:
        job, created = submissions.add_pasted_posting(user=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("matching:jobs")
    messages.success(request, "Posting added." if created else "You already had this posting.")
    return redirect("matching:job-detail", job_id=job.pk)


@login_required
def job_detail(request, job_id):
    job = selectors.job_detail_for_user(request.user, job_id)
    if job is None:
        raise Http404
    return render(request, "matching/job_detail.html", {"job": job})


def _match_results(request, profile, filters, has_filters, querystring):
    """The rendered rows of one page of matches, with when they were computed: kept in the read cache per user
    and URL until the user's matches or the postings' text change (matching/read_cache.py). An empty page
    is kept as such (html None); its empty state, which depends on whether any postings exist, is not."""
    context = {"profile": profile, "has_filters": has_filters, "querystring": querystring}

    def compute():
        page = Paginator(selectors.matches_for(profile, **filters), PER_PAGE).get_page(request.GET.get("page"))
        html = render_to_string("matching/matches/_results.html", {**context, "page": page}) if page.object_list else None
        return {"html": html, "last_computed_at": selectors.last_computed_at(profile)}

    user = request.user
    results = cached_for_user("page:matches", user, (profile.pk, request.get_full_path()), compute,
                              topics=read_cache.match_list_topics(user.pk), timeout=settings.MATCH_LIST_CACHE_SECONDS)
    if results["html"] is None:
        has_postings = Job.objects.for_user(user).exists()
        results = {**results, "html": render_to_string("matching/matches/_results.html",
                                                        {**context, "page": None, "has_postings": has_postings})}
    return results


@login_required
def match_list(request):
    profiles = list(Profile.objects.for_user(request.user).order_by("-is_default", "name", "id"))
    form = MatchFilterForm.from_query(request.GET)
    error, filters = ("", form.filters()) if form.is_valid() else (form.error_text(), {})
    try:
        profile = selectors.chosen_profile(request.user, filters.pop("profile", None))
    except NotFound:
        raise Http404 from None
    has_filters = any(request.GET.get(key) for key in MATCH_FILTER_KEYS)
    around = _list_context(request)
    results = _match_results(request, profile, filters, has_filters, around["querystring"]) if profile is not None else {}
    return render(request, "matching/matches/list.html", {
        **around,
        "profiles": profiles,
        "profile": profile,
        "results_html": results.get("html", ""),
        "error": error,
        "orderings": [(key, label) for key, (label, _) in MATCH_ORDERINGS.items()],
        "has_filters": has_filters,
        "last_computed_at": results.get("last_computed_at"),
        "mode": MODE_LABELS[mode()],
    })


@login_required
@require_POST
def recompute_matches(request):
    form = RecomputeForm(request.POST)
    if not form.is_valid():
        raise Http404
    profile_id = form.cleaned_data["profile"]
    target = reverse("matching:matches") + (f"?profile={profile_id}" if profile_id else "")
    try:
        job, created = match_services.schedule_recompute(
            user=request.user, profile_ids=[profile_id] if profile_id else None)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
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
