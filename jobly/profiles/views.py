"""Profile pages: list, editor (also the review of an imported draft), import with live progress, export."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobly.bidi import isolate
from jobly.errors import DomainError
from jobly.jsonresume import json_resume_download
from jobly.models import BackgroundJob, Profile
from jobly.profiles import selectors, services
from jobly.profiles.forms import (
    LINE_FIELDS, LIST_FIELDS, JsonResumeFileForm, NewProfileForm, ProfileEditForm, ResumeFileForm, profile_values,
)

# The JSON Resume sections beyond the core ones, edited with the same list widgets.
EXTRA_SECTIONS = (("projects", "Projects"), ("volunteer", "Volunteering"), ("publications", "Publications"),
                  ("awards", "Awards"), ("interests", "Interests"), ("references", "References"))


def _profile_or_404(request, profile_id):
    profile = selectors.profile_for(request.user, profile_id)
    if profile is None:
        raise Http404("No such profile.")
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def profile_list(request):
    if request.method == "POST":
        form = NewProfileForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["name"][0])
            return redirect("profiles:list")
        profile = services.create_profile(owner=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Profile “{isolate(profile.name)}” created.")
        return redirect("profiles:edit", profile_id=profile.pk)
    return render(request, "profiles/list.html", {"profiles": selectors.profiles_for(request.user)})


@login_required
@require_POST
def import_json_resume_page(request):
    form = JsonResumeFileForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise form.domain_error()
        profile = services.import_json_resume(owner=request.user, document=form.cleaned_data["file"],
                                              name=form.cleaned_data["name"])
    except DomainError as error:
        context = {"profiles": selectors.profiles_for(request.user), "import_error": error}
        return render(request, "profiles/list.html", context, status=error.status)
    messages.success(request, f"Profile “{isolate(profile.name)}” imported from JSON Resume.")
    return redirect("profiles:edit", profile_id=profile.pk)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, profile_id):
    profile = _profile_or_404(request, profile_id)
    upload = None
    if request.GET.get("upload", "").isdigit():
        upload = selectors.upload_for(request.user, profile, int(request.GET["upload"]))
        if upload is None:
            raise Http404("No such import.")
    status, errors = 200, []
    if request.method == "POST":
        form = ProfileEditForm(profile, request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, "Profile saved.")
            return redirect("profiles:edit", profile_id=profile.pk)
        status, errors, values = 400, form.errors, form.values()
    else:
        # Review: the parsed draft replaces what it found; the user saves (or leaves) it.
        values = profile_values(profile, upload.draft if upload is not None else None)
    context = {
        "profile": profile,
        "values": values,
        "lists": {field: json.dumps(values.get(field) or [], ensure_ascii=False) for field in LIST_FIELDS},
        "extra_sections": [(field, title, json.dumps(values.get(field) or [], ensure_ascii=False))
                           for field, title in EXTRA_SECTIONS],
        "lines": {field: "\n".join(values.get(field) or []) for field in LINE_FIELDS},
        "errors": errors,
        "upload": upload,
        "choices": {"remote": Profile.RemotePreference.choices, "seniority": Profile.Seniority.choices},
        "uploads": selectors.recent_uploads(request.user, profile),
    }
    return render(request, "profiles/edit.html", context, status=status)


@login_required
@require_POST
def profile_delete(request, profile_id):
    profile = _profile_or_404(request, profile_id)
    services.delete_profile(profile=profile)
    messages.success(request, f"Profile “{isolate(profile.name)}” deleted.")
    return redirect("profiles:list")


@login_required
@require_POST
def profile_make_default(request, profile_id):
    profile = _profile_or_404(request, profile_id)
    services.set_default_profile(profile=profile)
    messages.success(request, f"“{isolate(profile.name)}” is now your default profile.")
    return redirect("profiles:list")


@login_required
@require_http_methods(["GET", "POST"])
def profile_import(request, profile_id):
    profile = _profile_or_404(request, profile_id)
    job, error, status = None, None, 200
    if request.method == "POST":
        form = ResumeFileForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise form.domain_error()
            _, job, _ = services.start_resume_import(profile=profile, uploaded_file=form.cleaned_data["file"])
        except DomainError as domain_error:
            error, status = domain_error, domain_error.status
        else:
            return redirect(f"{reverse('profiles:import', args=[profile.pk])}?job={job.pk}")
    elif request.GET.get("job", "").isdigit():
        job = BackgroundJob.objects.for_user(request.user).filter(pk=int(request.GET["job"]), type=services.IMPORT_JOB_TYPE).first()
        if job is None:
            raise Http404("No such import.")
    context = {"profile": profile, "job": job, "error": error, "upload_limit_mb": settings.UPLOAD_MAX_BYTES / (1024 * 1024)}
    return render(request, "profiles/import.html", context, status=status)


@login_required
def profile_export(request, profile_id):
    return json_resume_download(_profile_or_404(request, profile_id))
