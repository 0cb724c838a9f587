"""Creating, tracking, editing and deleting applications, and scheduling their interviews."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobly.errors import InvalidInput, NotFound
from jobly.models import Profile
from matching.models import Job, Match
from matching.services.submissions import add_pasted_posting
from tracking import pipeline
from tracking.errors import ApplicationNotFound, BadContacts
from tracking.models import Activity, Application, Interview
from tracking.services.pipeline import change_status
from tracking.services.timeline import record

EDITABLE = ("title", "company", "url", "source", "priority", "salary_discussed", "notes", "contacts",
            "next_action", "next_action_due")
CONTACT_FIELDS = {"name": 200, "role": 200, "email": 254, "link": 2000}
MAX_CONTACTS = 20
INITIAL_STATUSES = (pipeline.SAVED, pipeline.APPLIED)


def track_job(*, user, job_id, profile_id=None, status=pipeline.SAVED, source="", priority=Application.Priority.NORMAL,
              notes=""):
    """Start tracking a posting the user can see. Returns (application, created); tracking it twice
    returns the existing application (the database's unique constraint decides a race)."""
    if status not in INITIAL_STATUSES:
        raise InvalidInput("A new application starts as saved or applied.", details={"status": ["saved or applied."]})
    job = Job.objects.for_user(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("Posting not found.")
    existing = Application.objects.for_user(user).filter(job=job).first()
    if existing is not None:
        return existing, False
    profile = _profile_for(user, profile_id)
    match = Match.objects.filter(profile=profile, job=job).only("score").first() if profile else None
    try:
        with transaction.atomic():
            now = timezone.now()
            application = Application.objects.create(
                owner=user, job=job, profile=profile, title=job.title[:300], company=job.company[:200],
                url=job.canonical_url[:2000], source=(source or job.source or "feed")[:100], priority=priority,
                match_score=round(match.score, 1) if match else None, notes=notes, saved_at=now, created_at=now,
                updated_at=now, status_changed_at=now,
            )
            record(application=application, kind=Activity.Kind.CREATED, at=now, text="Tracked",
                   data={"job_id": job.pk, "match_score": application.match_score})
            if status == pipeline.APPLIED:
                application, _ = change_status(user=user, application_id=application.pk, to=pipeline.APPLIED)
    except IntegrityError:
        existing = Application.objects.for_user(user).filter(job=job).first()
        if existing is None:
            raise
        return existing, False
    return application, True


def add_manual_application(*, user, title, company="", url="", description="", source="", status=pipeline.SAVED,
                           profile_id=None, priority=Application.Priority.NORMAL):
    """An application for a posting found elsewhere: the posting is stored privately through matching's
    submissions service (never fetched: the text given, or the title and company, is the posting)."""
    title = (title or "").strip()
    if not title:
        raise InvalidInput("Give the posting's title.", details={"title": ["This field may not be blank."]})
    text = (description or "").strip() or "\n\n".join(part for part in (title, company.strip()) if part)
    job, _ = add_pasted_posting(user=user, text=text, url=url, title=title[:300], company=company[:200])
    return track_job(user=user, job_id=job.pk, profile_id=profile_id, status=status,
                     source=source or "manual", priority=priority)


def update_application(*, user, application_id, **fields):
    """Edit the user-owned fields (EDITABLE); records one "edit" entry naming what changed."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InvalidInput("These fields cannot be edited.", details={name: ["Not editable."] for name in unknown})
    if "contacts" in fields:
        fields["contacts"] = clean_contacts(fields["contacts"])
    with transaction.atomic():
        application = Application.objects.for_user(user).select_for_update().filter(pk=application_id).first()
        if application is None:
            raise ApplicationNotFound()
        changed = [name for name, value in fields.items() if getattr(application, name) != value]
        if not changed:
            return application
        for name in changed:
            setattr(application, name, fields[name])
        if "next_action_due" in changed or "next_action" in changed:
            application.next_action_reminded_at = None  # a new due date gets its own reminder
        application.updated_at = timezone.now()
        try:
            application.full_clean(exclude=["owner", "job", "profile"])
        except ValidationError as error:
            raise InvalidInput("The application has invalid fields.", details=error.message_dict) from None
        application.save()
        record(application=application, kind=Activity.Kind.EDIT, text="Edited " + ", ".join(changed),
               data={"fields": changed})
        return application


def delete_application(*, user, application_id):
    deleted, _ = Application.objects.for_user(user).filter(pk=application_id).delete()
    if not deleted:
        raise ApplicationNotFound()


def schedule_interview(*, user, application_id, scheduled_at, duration_minutes=60, kind=Interview.Kind.VIDEO,
                       location="", notes=""):
    if scheduled_at is None:
        raise InvalidInput("Give the interview's date and time.", details={"scheduled_at": ["Required."]})
    with transaction.atomic():
        application = Application.objects.for_user(user).select_for_update().filter(pk=application_id).first()
        if application is None:
            raise ApplicationNotFound()
        interview = Interview.objects.create(
            owner_id=application.owner_id, application=application, scheduled_at=scheduled_at,
            duration_minutes=duration_minutes, kind=kind, location=location[:500], notes=notes,
        )
        application.updated_at = timezone.now()
        application.save(update_fields=["updated_at"])
        record(application=application, kind=Activity.Kind.INTERVIEW, text=str(interview.get_kind_display()),
               data={"interview_id": interview.pk, "scheduled_at": scheduled_at.isoformat()})
        return interview


def delete_interview(*, user, interview_id):
    deleted, _ = Interview.objects.for_user(user).filter(pk=interview_id).delete()
    if not deleted:
        raise NotFound("Interview not found.")


def clean_contacts(contacts):
    """A list of at most 20 {"name", "role", "email", "link"}: strings cut to size, e-mail and link checked."""
    if not isinstance(contacts, list) or len(contacts) > MAX_CONTACTS:
        raise BadContacts(f"Contacts are a list of at most {MAX_CONTACTS}.", details={"contacts": ["Not a short list."]})
    cleaned = []
    for index, contact in enumerate(contacts):
        if not isinstance(contact, dict) or set(contact) - set(CONTACT_FIELDS):
            raise BadContacts("Each contact has only name, role, email and link.",
                              details={"contacts": [f"Item {index}: unexpected shape."]})
        item = {}
        for key, limit in CONTACT_FIELDS.items():
            value = contact.get(key, "")
            if not isinstance(value, str) or len(value) > limit or "\x00" in value:
                raise BadContacts("A contact field is too long or not text.",
                                  details={"contacts": [f"Item {index}: {key} must be text of at most {limit}."]})
            item[key] = value.strip()
        _check(EmailValidator(), item["email"], index, "email")
        _check(URLValidator(schemes=["http", "https"]), item["link"], index, "link")
        if any(item.values()):
            cleaned.append(item)
    return cleaned


def _check(validator, value, index, key):
    if not value:
        return
    try:
        validator(value)
    except ValidationError:
        raise BadContacts("A contact has an invalid e-mail or link.",
                          details={"contacts": [f"Item {index}: {key} is not valid."]}) from None


def _profile_for(user, profile_id):
    profiles = Profile.objects.for_user(user)
    if profile_id is not None:
        profile = profiles.filter(pk=profile_id).first()
        if profile is None:
            raise NotFound("Profile not found.")
        return profile
    return profiles.order_by("-is_default", "id").first()
