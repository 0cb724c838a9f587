"""Profile pages: list, editor (also the review of an imported draft), import with live progress, export."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobly import json_input
from jobly.bidi import isolate
from jobly.errors import DomainError
from jobly.models import BackgroundJob, Profile
from jobly.profiles import selectors, services
from jobly.profiles.api import ProfileSerializer, json_resume_download

LIST_FIELDS = ("links", "skills", "experience", "education", "certifications", "languages")
LINE_FIELDS = ("target_titles", "target_locations", "excluded_companies", "avoid_keywords")
TEXT_FIELDS = ("name", "full_name", "email", "phone", "location", "headline", "summary", "unplaced_text",
               "remote_preference", "salary_currency", "seniority")


def _profile_or_404(request, profile_id):
    profile = selectors.profile_for(request.user, profile_id)
    if profile is None:
        raise Http404("No such profile.")
    return profile


def _error_text(detail):
    """DRF validation details as short lines a person can read."""
    if isinstance(detail, dict):
        return [f"{key}: {line}" for key, value in detail.items() for line in _error_text(value)]
    if isinstance(detail, list):
        lines = []
        for index, item in enumerate(detail):
            for line in _error_text(item):
                lines.append(f"#{index + 1} {line}" if isinstance(item, dict) else line)
        return lines
    return [str(detail)]


@login_required
@require_http_methods(["GET", "POST"])
def profile_list(request):
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Give the profile a name, for example “Backend”.")
            return redirect("profiles:list")
        profile = services.create_profile(owner=request.user, name=name[:100])
        messages.success(request, f"Profile “{isolate(profile.name)}” created.")
        return redirect("profiles:edit", profile_id=profile.pk)
    return render(request, "profiles/list.html", {"profiles": selectors.profiles_for(request.user)})


@login_required
@require_POST
def import_json_resume_page(request):
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            raise DomainError("Choose a JSON Resume file.", code="file_required", status=400)
        if uploaded.size > 2 * 1024 * 1024:
            raise DomainError("A JSON Resume is small; this file is over 2 MB.", code="file_too_large", status=413)
        document = json_input.loads(uploaded.read(), malformed_code="invalid_json_resume", malformed_status=422)
        profile = services.import_json_resume(owner=request.user, document=document, name=request.POST.get("name", "").strip())
    except DomainError as error:
        context = {"profiles": selectors.profiles_for(request.user), "import_error": error}
        return render(request, "profiles/list.html", context, status=error.status)
    messages.success(request, f"Profile “{isolate(profile.name)}” imported from JSON Resume.")
    return redirect("profiles:edit", profile_id=profile.pk)


def _submitted_fields(post):
    data, errors = {}, []
    for field in TEXT_FIELDS:
        if field in post:
            data[field] = post.get(field, "").strip()
    for field in LINE_FIELDS:
        if field in post:
            data[field] = [line.strip() for line in post.get(field, "").splitlines() if line.strip()]
    for field in LIST_FIELDS:
        if field in post:
            try:
                value = json_input.loads(post.get(field) or "[]")
            except json_input.JSONInputError as error:
                errors.append(f"{field}: {error.message}")
                continue
            data[field] = value
    if "min_salary" in post:
        data["min_salary"] = post.get("min_salary").strip() or None
    data["is_default"] = post.get("is_default") == "on"
    return data, errors


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
        data, errors = _submitted_fields(request.POST)
        if not errors:
            is_default = data.pop("is_default")
            serializer = ProfileSerializer(profile, data=data, partial=True, context={"request": request})
            if serializer.is_valid():
                serializer.save()
                if is_default and not profile.is_default:
                    services.set_default_profile(profile=profile)
                messages.success(request, "Profile saved.")
                return redirect("profiles:edit", profile_id=profile.pk)
            errors = _error_text(serializer.errors)
        status = 400
        values = {**ProfileSerializer(profile).data, **{k: v for k, v in data.items() if k != "is_default"}}
    else:
        values = ProfileSerializer(profile).data
        if upload is not None and upload.draft:
            # Review: the parsed draft replaces what it found; the user saves (or leaves) it.
            values = {**values, **{key: value for key, value in upload.draft.items() if value not in ("", [], None)}}
    context = {
        "profile": profile,
        "values": values,
        "lists": {field: json.dumps(values.get(field) or [], ensure_ascii=False) for field in LIST_FIELDS},
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
        try:
            uploaded = request.FILES.get("file")
            if uploaded is None:
                raise DomainError("Choose a resume file to upload.", code="file_required", status=400)
            _, job, _ = services.start_resume_import(profile=profile, uploaded_file=uploaded)
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
