from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ProfileQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Profile(models.Model):
    """A candidate profile: what matching, packets and interviews read.

    Nested parts (skills, experience, education, ...) are JSON lists of small dicts; their
    shapes are documented in docs/ARCHITECTURE.md and validated by the profile serializers.
    """

    class RemotePreference(models.TextChoices):
        ANY = "any"
        REMOTE = "remote"
        HYBRID = "hybrid"
        ONSITE = "onsite"

    class Seniority(models.TextChoices):
        UNSPECIFIED = ""
        INTERN = "intern"
        JUNIOR = "junior"
        MID = "mid"
        SENIOR = "senior"
        LEAD = "lead"
        PRINCIPAL = "principal"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiles")
    name = models.CharField(max_length=100, help_text='A label such as "Backend" or "Data".')
    is_default = models.BooleanField(default=False)

    # Contact and links.
    full_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    location = models.CharField(max_length=200, blank=True)
    links = models.JSONField(default=list, blank=True)  # [{"label", "url", "username"}]

    headline = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    skills = models.JSONField(default=list, blank=True)  # [{"name", "normalized", "level", "years", "group"}]
    experience = models.JSONField(default=list, blank=True)  # [{"company", "title", "location", "url", "start", "end", "current", "bullets"}]
    education = models.JSONField(default=list, blank=True)  # [{"institution", "degree", "field", "url", "score", "courses", "start", "end"}]
    certifications = models.JSONField(default=list, blank=True)  # [{"name", "issuer", "date"}]
    languages = models.JSONField(default=list, blank=True)  # [{"language", "fluency"}]
    # The rest of a JSON Resume, kept so tailoring can cite it and export gives it back.
    projects = models.JSONField(default=list, db_default=[], blank=True)  # [{"name", "description", "url", "start", "end", "highlights", "keywords", "roles", "entity", "type"}]
    volunteer = models.JSONField(default=list, db_default=[], blank=True)  # [{"organization", "position", "url", "start", "end", "summary", "highlights"}]
    publications = models.JSONField(default=list, db_default=[], blank=True)  # [{"name", "publisher", "date", "url", "summary"}]
    awards = models.JSONField(default=list, db_default=[], blank=True)  # [{"title", "awarder", "date", "summary"}]
    interests = models.JSONField(default=list, db_default=[], blank=True)  # [{"name", "keywords"}]
    references = models.JSONField(default=list, db_default=[], blank=True)  # [{"name", "reference"}]

    # Job preferences.
    target_titles = models.JSONField(default=list, blank=True)
    target_locations = models.JSONField(default=list, blank=True)
    remote_preference = models.CharField(max_length=10, choices=RemotePreference.choices, default=RemotePreference.ANY)
    min_salary = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, default="USD")
    seniority = models.CharField(max_length=10, choices=Seniority.choices, blank=True, default="")
    excluded_companies = models.JSONField(default=list, blank=True)
    avoid_keywords = models.JSONField(default=list, blank=True)

    unplaced_text = models.TextField(blank=True, help_text="Resume text the importer could not place.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner"], condition=Q(is_default=True), name="one_default_profile_per_owner"),
        ]

    def __str__(self):
        return self.name


class ResumeUploadQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class ResumeUpload(models.Model):
    """One uploaded resume and, once the import job has run, the draft parsed from it.

    The original file lives in the configured storage (`file`, local disk or S3, shared by every
    worker) and is read back verified against `sha256`; uploads from before that kept their bytes
    in `content`. The draft is only applied to the profile when the user saves it.
    """

    class Kind(models.TextChoices):
        PDF = "pdf"
        DOCX = "docx"
        MARKDOWN = "markdown"
        TEXT = "text"
        JSON_RESUME = "json_resume"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_uploads")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="resume_uploads")
    filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(max_length=255, blank=True, default="", db_default="")
    content = models.BinaryField(blank=True, default=b"")
    draft = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)
    # How the text was read (pdfminer, pypdf, ocr, docx, text, markdown, json_resume) and how much of it.
    extraction_method = models.CharField(max_length=20, blank=True, db_default="")
    page_count = models.PositiveIntegerField(null=True, blank=True)
    char_count = models.PositiveIntegerField(null=True, blank=True)
    # A byte-identical earlier upload of the same profile whose result this one offers instead of a new parse.
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    created_at = models.DateTimeField(default=timezone.now)
    parsed_at = models.DateTimeField(null=True, blank=True)

    objects = ResumeUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename or f"upload {self.pk}"
