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
from jobly.profiles import selectors
from jobly.skills import normalize_skill

SCHEMA_PATH = Path(__file__).resolve().parent / "resume" / "jsonresume-schema.json"
IMPORT_JOB_TYPE = "profiles.import_resume"

SECTION_FIELDS = ("projects", "volunteer", "publications", "awards", "interests", "references")
EDITABLE_FIELDS = (
    "name", "full_name", "email", "phone", "location", "links", "headline", "summary", "skills",
    "experience", "education", "certifications", "languages", *SECTION_FIELDS, "target_titles",
    "target_locations", "remote_preference", "min_salary", "salary_currency", "seniority",
    "excluded_companies", "avoid_keywords", "unplaced_text",
)
DRAFT_TEXT_FIELDS = ("full_name", "email", "phone", "location", "headline", "summary", "unplaced_text")
DRAFT_FIELDS = (
    "full_name", "email", "phone", "location", "links", "headline", "summary", "skills", "experience",
    "education", "certifications", "languages", *SECTION_FIELDS, "unplaced_text",
)
COUNTED_FIELDS = ("skills", "experience", "education", "certifications", "languages", *SECTION_FIELDS)


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
    """Extract and parse one stored upload: (draft with fields named as on Profile, how it was read)."""
    from jobly.profiles.resume.extract import extract_text, json_resume_document, parse_deadline
    from jobly.profiles.resume.parse import parse_resume_text

    data = resume_files.upload_bytes(upload)
    if upload.kind == ResumeUpload.Kind.JSON_RESUME:
        document = json_resume_document(data)
        validate_json_resume(document)
        progress(60, "Reading the JSON Resume")
        draft = profile_fields_from_json_resume(document)
        draft["unplaced_text"] = ""
        return draft, {"method": "json_resume", "page_count": None, "char_count": len(data), "notes": []}
    progress(20, "Extracting text")
    with parse_deadline():
        extracted = extract_text(upload.kind, data)
        progress(60, "Finding sections, dates and skills")
        draft = parse_resume_text(extracted.text)
    reading = {"method": extracted.method, "page_count": extracted.page_count, "char_count": extracted.char_count,
               "notes": extracted.notes}
    return draft, reading


def _import_result(upload, draft, notes, duplicate_of=None):
    review = duplicate_of or upload
    result = {
        "upload_id": upload.pk,
        "profile_id": upload.profile_id,
        "notes": notes,
        "counts": {key: len(draft.get(key) or []) for key in COUNTED_FIELDS},
        "review_url": f"/profiles/{upload.profile_id}/?upload={review.pk}",
        "duplicate_of": None,
    }
    if duplicate_of is not None:
        result["duplicate_of"] = {"upload_id": duplicate_of.pk, "filename": duplicate_of.filename,
                                  "created_at": duplicate_of.created_at.isoformat()}
    return result


def run_resume_import(*, upload_id, progress=lambda percent, message: None):
    """The import job's work: parse the upload and keep the draft on it for the user to review.

    A byte-identical file this profile already imported is not parsed again: the upload points at
    the earlier one, carries its draft, and the result says so and offers the earlier review.
    """
    upload = ResumeUpload.objects.filter(pk=upload_id).select_related("profile").first()
    if upload is None:
        raise PermanentError("The uploaded resume no longer exists.", code="upload_gone")
    earlier = selectors.earlier_identical_upload(upload)
    if earlier is not None:
        when = timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")
        notes = [f"This file is identical to {earlier.filename or 'the resume'} you uploaded on {when}; "
                 "its import is shown instead of reading the file again."]
        ResumeUpload.objects.filter(pk=upload.pk).update(
            draft=earlier.draft, notes=notes, duplicate_of=earlier, parsed_at=timezone.now(),
            extraction_method=earlier.extraction_method, page_count=earlier.page_count, char_count=earlier.char_count)
        progress(90, "Same file as an earlier upload")
        return _import_result(upload, earlier.draft, notes, duplicate_of=earlier)
    draft, reading = draft_from_upload(upload, progress)
    draft = {field: draft.get(field, "" if field in DRAFT_TEXT_FIELDS else []) for field in DRAFT_FIELDS}
    draft["skills"] = _with_normalized_skills(draft["skills"])
    progress(90, "Saving the draft for review")
    ResumeUpload.objects.filter(pk=upload.pk).update(
        draft=draft, notes=reading["notes"], parsed_at=timezone.now(), extraction_method=reading["method"],
        page_count=reading["page_count"], char_count=reading["char_count"])
    return _import_result(upload, draft, reading["notes"])


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

