"""Profile writes: create, update, delete, default, resume import (start and run), JSON Resume import."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from jobly import audit, background, resume_files, storage
from jobly.errors import InvalidInput, PermanentError
from jobly.events import publish
from jobly.jsonresume import profile_fields_from_json_resume
from jobly.models import Profile, ResumeUpload
from jobly.skills import normalize_skill

SCHEMA_PATH = Path(__file__).resolve().parent / "resume" / "jsonresume-schema.json"
IMPORT_JOB_TYPE = "profiles.import_resume"

EDITABLE_FIELDS = (
    "name", "full_name", "email", "phone", "location", "links", "headline", "summary", "skills",
    "experience", "education", "certifications", "languages", "target_titles", "target_locations",
    "remote_preference", "min_salary", "salary_currency", "seniority", "excluded_companies",
    "avoid_keywords", "unplaced_text",
)
DRAFT_FIELDS = (
    "full_name", "email", "phone", "location", "links", "headline", "summary", "skills", "experience",
    "education", "certifications", "languages", "unplaced_text",
)


def _with_normalized_skills(skills):
    return [{**skill, "normalized": skill.get("normalized") or normalize_skill(skill.get("name", "")) or ""} for skill in skills]


def _apply(profile, fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown profile fields: {', '.join(sorted(unknown))}.", code="invalid_fields")
    for field, value in fields.items():
        setattr(profile, field, value)
    if "skills" in fields:
        profile.skills = _with_normalized_skills(profile.skills)
    profile.full_clean(exclude=["owner"])


@transaction.atomic
def create_profile(*, owner, is_default=None, **fields):
    """A new profile; the user's first profile becomes the default."""
    profile = Profile(owner=owner)
    _apply(profile, fields)
    has_default = Profile.objects.for_user(owner).select_for_update().filter(is_default=True).exists()
    profile.is_default = bool(is_default) or not has_default
    if profile.is_default and has_default:
        Profile.objects.for_user(owner).filter(is_default=True).update(is_default=False)
    profile.save()
    publish_profile_updated(profile)
    return profile


@transaction.atomic
def update_profile(*, profile, **fields):
    is_default = fields.pop("is_default", None)
    _apply(profile, fields)
    profile.save()
    if is_default:
        set_default_profile(profile=profile)
    publish_profile_updated(profile)
    return profile


def publish_profile_updated(profile):
    """Tell other parts (matching recomputes this profile) through the event bus, after commit."""
    publish(profile.owner_id, "profile.updated", {"profile_id": profile.pk, "name": profile.name})


@transaction.atomic
def set_default_profile(*, profile):
    Profile.objects.for_user(profile.owner).select_for_update().filter(is_default=True).exclude(pk=profile.pk).update(is_default=False)
    Profile.objects.filter(pk=profile.pk).update(is_default=True)
    profile.is_default = True
    return profile


@transaction.atomic
def delete_profile(*, profile):
    """Delete; when it was the default, the next profile (by name) becomes the default."""
    owner, was_default = profile.owner, profile.is_default
    profile.delete()
    if was_default:
        successor = Profile.objects.for_user(owner).order_by("name", "id").first()
        if successor:
            set_default_profile(profile=successor)


# --- resume import ---------------------------------------------------------------------------


def start_resume_import(*, profile, uploaded_file):
    """Check the upload in the request (size, type, archive), store it, and queue the parse."""
    from jobly.profiles.resume.checks import check_upload

    kind, data = check_upload(uploaded_file)
    stored = resume_files.store(owner=profile.owner, filename=uploaded_file.name, data=data)
    try:
        with transaction.atomic():
            upload = ResumeUpload.objects.create(
                owner=profile.owner, profile=profile, filename=(uploaded_file.name or "")[:255], kind=kind,
                size=len(data), sha256=hashlib.sha256(data).hexdigest(), file=stored,
            )
            job, created = background.enqueue(
                user=profile.owner, type=IMPORT_JOB_TYPE, params={"upload_id": upload.pk},
                message=f"Importing {upload.filename or 'resume'}",
            )
            audit.record("resume.uploaded", actor=profile.owner, target=upload, detail={"kind": kind, "size": len(data)})
    except BaseException:
        storage.delete_quietly(stored)  # rolled back (e.g. rate-limited): no orphan file
        raise
    return upload, job, created


def draft_from_upload(upload, progress=lambda percent, message: None):
    """Extract and parse one stored upload into a draft (fields named as on Profile)."""
    from jobly.profiles.resume.extract import extract_text, json_resume_document, parse_deadline
    from jobly.profiles.resume.parse import parse_resume_text

    data = resume_files.upload_bytes(upload)
    if upload.kind == ResumeUpload.Kind.JSON_RESUME:
        document = json_resume_document(data)
        validate_json_resume(document)
        progress(60, "Reading the JSON Resume")
        draft = profile_fields_from_json_resume(document)
        draft["unplaced_text"] = ""
        return draft, []
    progress(20, "Extracting text")
    with parse_deadline():
        extracted = extract_text(upload.kind, data)
        progress(60, "Finding sections, dates and skills")
        draft = parse_resume_text(extracted.text)
    return draft, extracted.notes


def run_resume_import(*, upload_id, progress=lambda percent, message: None):
    """The import job's work: parse the upload and keep the draft on it for the user to review."""
    upload = ResumeUpload.objects.filter(pk=upload_id).select_related("profile").first()
    if upload is None:
        raise PermanentError("The uploaded resume no longer exists.", code="upload_gone")
    draft, notes = draft_from_upload(upload, progress)
    draft = {field: draft.get(field, "" if field in ("full_name", "email", "phone", "location", "headline", "summary", "unplaced_text") else []) for field in DRAFT_FIELDS}
    draft["skills"] = _with_normalized_skills(draft["skills"])
    progress(90, "Saving the draft for review")
    ResumeUpload.objects.filter(pk=upload.pk).update(draft=draft, notes=notes, parsed_at=timezone.now())
    return {
        "upload_id": upload.pk,
        "profile_id": upload.profile_id,
        "notes": notes,
        "counts": {key: len(draft[key]) for key in ("skills", "experience", "education", "certifications", "languages")},
        "review_url": f"/profiles/{upload.profile_id}/?upload={upload.pk}",
    }


# --- JSON Resume -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _json_resume_validator():
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=None)


def validate_json_resume(document):
    if not isinstance(document, dict):
        raise PermanentError("A JSON Resume is a JSON object.", code="invalid_json_resume")
    errors = sorted(_json_resume_validator().iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        details = {"/".join(str(part) for part in error.absolute_path) or "(root)": error.message for error in errors[:20]}
        raise PermanentError("The JSON Resume does not match the schema.", code="invalid_json_resume", details=details)


def import_json_resume(*, owner, document, name=""):
    """A new profile straight from a JSON Resume document (validated against the schema)."""
    validate_json_resume(document)
    fields = profile_fields_from_json_resume(document)
    label = name or (document.get("basics") or {}).get("label") or (document.get("basics") or {}).get("name") or "Imported"
    return create_profile(owner=owner, name=str(label)[:100], **fields)

