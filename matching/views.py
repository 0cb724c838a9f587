"""Pages: feeds (health, add, fetch now, import), jobs (search, filters, sort, pages), job detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from jobly.bidi import isolate
from jobly.errors import DomainError
from matching import selectors, services
from matching.api import MAX_UPLOAD_BYTES, job_filters
from matching.models import Feed, Job
from matching.selectors import JOB_ORDERINGS

JOBS_PER_PAGE = 25


@login_required
def feeds(request):
    form_errors = {}
    form_values = {"url": "", "title": "", "kind": Feed.Kind.AUTO}
    if request.method == "POST":
        form_values = {key: request.POST.get(key, "").strip() for key in form_values}
        kind = form_values["kind"] if form_values["kind"] in Feed.Kind.values else Feed.Kind.AUTO
        if not form_values["url"]:
            form_errors["url"] = "Enter the feed's address."
        else:
            try:
                feed = services.create_feed(user=request.user, url=form_values["url"], title=form_values["title"], kind=kind)
            except DomainError as error:
                form_errors["url"] = error.message
            else:
                messages.success(request, f"Added {isolate(feed)}. Use “Fetch now” to load its postings.")
                return redirect("matching:feeds")
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
        job, created = services.start_ingest(user=request.user, feed_ids=[feed.pk])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, f"Fetching {isolate(feed)}: progress shows in the activity panel." if created else f"{isolate(feed)} is already being fetched.")
    return redirect("matching:feeds")


@login_required
@require_POST
def fetch_all_feeds(request):
    try:
        job, created = services.start_ingest(user=request.user)
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
    services.delete_feed(feed=feed)
    messages.success(request, f"Removed {isolate(feed)}.")
    return redirect("matching:feeds")


@login_required
@require_POST
def import_feeds(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose an OPML or feed file to upload.")
    elif upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, "The file is larger than 5 MB.")
    else:
        try:
            result = services.import_feed_file(user=request.user, content=upload.read(), filename=upload.name)
        except DomainError as error:
            messages.error(request, f"{isolate(upload.name)}: {error.message}")
        else:
            if result["kind"] == "opml":
                messages.success(request, f"Added {len(result['feeds_created'])} feeds; {len(result['skipped'])} skipped.")
            else:
                counts = result["counts"]
                messages.success(request, f"Imported {counts['new']} new postings ({counts['unchanged']} already known).")
    return redirect("matching:feeds")


@login_required
def jobs(request):
    error = ""
    try:
        filters = job_filters(request.GET)
    except ValidationError as invalid:
        error = "Some filters were not understood: " + ", ".join(invalid.detail) if isinstance(invalid.detail, dict) else "Invalid filters."
        filters = {}
    queryset = selectors.jobs_for_user(request.user, **filters).prefetch_related(None)
    page = Paginator(queryset, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(request, "matching/jobs.html", {
        "page": page,
        "error": error,
        "filters": request.GET,
        "remote_selected": request.GET.getlist("remote"),
        "remote_types": Job.RemoteType.choices,
        "orderings": [(key, key.title()) for key in JOB_ORDERINGS],
        "feeds": Feed.objects.for_user(request.user).order_by("title"),
        "querystring": query_without_page.urlencode(),
        "has_filters": any(value for key, value in request.GET.items() if key not in ("page", "ordering")),
    })


@login_required
@require_POST
def paste_job(request):
    try:
        job, created = services.add_pasted_posting(
            user=request.user, text=request.POST.get("text", "")[:100_000], url=request.POST.get("url", "")
        )
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
