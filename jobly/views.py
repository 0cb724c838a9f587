"""Core pages: dashboard, sign-up, API token settings, background jobs."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jobly import audit, background
from jobly.dashboard import cards_for, first_steps
from jobly.errors import DomainError, NotFound
from jobly.models import ApiToken, BackgroundJob
from jobly.tokens import create_token, revoke_token


@login_required
def dashboard(request):
    cards = cards_for(request)
    return render(request, "jobly/dashboard.html", {"cards": cards, "first_steps": first_steps(cards)})


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        audit.record("account.signed_up", actor=user, request=request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Jobly. Your account is ready.")
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    new_key = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Give the token a name so you can recognise it later.")
        else:
            _, new_key = create_token(user=request.user, name=name)
            messages.success(request, "Token created. Copy it now: it will not be shown again.")
    tokens = ApiToken.objects.for_user(request.user)
    return render(request, "jobly/api_tokens.html", {"tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def revoke_api_token(request, token_id):
    try:
        revoke_token(user=request.user, token_id=token_id)
    except NotFound:
        raise Http404("No such token.") from None
    messages.success(request, "Token revoked.")
    return redirect("api-tokens")


@login_required
def background_jobs(request):
    """History of the user's background jobs, newest first, filtered by status and type."""
    mine = BackgroundJob.objects.for_user(request.user)
    jobs = mine.order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in BackgroundJob.Status.values:
        jobs = jobs.filter(status=status)
    else:
        status = ""
    types = sorted(set(mine.values_list("type", flat=True).distinct()))
    job_type = request.GET.get("type", "")
    if job_type in types:
        jobs = jobs.filter(type=job_type)
    else:
        job_type = ""
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "jobly/background_jobs.html",
        {"page": page, "status": status, "statuses": BackgroundJob.Status.values, "job_type": job_type, "types": types},
    )


@login_required
@require_POST
def start_warmup(request):
    try:
        job, created = background.enqueue(user=request.user, type="diagnostic.warmup", params={"steps": 10, "step_seconds": 0.5})
        messages.info(request, "Warm-up started." if created else "A warm-up is already running.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(request.POST.get("next") or "background-jobs")


@login_required
@require_POST
def cancel_background_job(request, job_id):
    try:
        background.request_cancel(user=request.user, job_id=job_id)
        messages.info(request, "Cancel requested.")
    except NotFound:
        raise Http404("No such background job.") from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("background-jobs")
