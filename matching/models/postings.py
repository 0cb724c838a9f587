"""Job: one normalised posting, shared by all users (the same posting from several feeds is one row)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from matching.models.feeds import Feed


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """Postings are shared content, except ones a user pasted or uploaded: only they see those."""
        return self.filter(Q(submitted_by__isnull=True) | Q(submitted_by=user))


class Job(models.Model):
    """One normalised posting. Shared by all users; the same posting from several feeds is one row."""

    class RemoteType(models.TextChoices):
        REMOTE = "remote"
        HYBRID = "hybrid"
        ONSITE = "onsite", "On-site"
        UNKNOWN = "unknown"

    class SalaryPeriod(models.TextChoices):
        YEAR = "year"
        MONTH = "month"
        WEEK = "week"
        DAY = "day"
        HOUR = "hour"

    title = models.CharField(max_length=300)
    company = models.CharField(max_length=200, blank=True, db_index=True)
    location = models.CharField(max_length=300, blank=True)
    remote_type = models.CharField(max_length=16, choices=RemoteType.choices, default=RemoteType.UNKNOWN, db_index=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    salary_period = models.CharField(max_length=8, choices=SalaryPeriod.choices, blank=True)
    employment_type = models.CharField(max_length=40, blank=True)
    seniority = models.CharField(max_length=40, blank=True)
    description_html = models.TextField(blank=True, help_text="Sanitised with nh3.")
    description_text = models.TextField(blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True, db_index=True)
    external_id = models.CharField(max_length=500, blank=True, help_text="The source's guid or id.")
    posted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=100, blank=True, help_text="Where it came from: a feed's host, 'paste', 'upload'.")
    feeds = models.ManyToManyField(Feed, related_name="jobs", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="submitted_jobs",
        help_text="Set for a posting a user pasted or uploaded: private to them until a feed brings it too.",
    )
    skills = models.JSONField(default=list, blank=True, help_text="Canonical skill names (jobly.skills vocabulary).")
    required_skills = models.JSONField(default=list, db_default=[], blank=True, help_text="The skills the posting requires.")
    preferred_skills = models.JSONField(
        default=list, db_default=[], blank=True,
        help_text="Skills named only under a nice-to-have heading (Preferred, Bonus, Plus).")
    content_hash = models.CharField(max_length=64, help_text="Unique among public postings, and per submitter.")
    raw_hash = models.CharField(
        max_length=40, blank=True, default="", db_default="",
        help_text="Digest of the entry as the source gave it: an unchanged entry is skipped before normalising.")
    origin_feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="originated_jobs", db_index=False,
        help_text="The feed that first brought it; only that feed re-publishes its text (the others are linked).")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(fields=["content_hash"], name="job_content_hash"),
            models.Index(fields=["raw_hash"], name="job_raw_hash"),
            models.Index(fields=["origin_feed"], name="job_origin_feed"),
            models.Index(fields=["first_seen_at"], name="job_first_seen"),  # the dashboard's postings per day
        ]
        constraints = [
            # Public postings are one row per content; a private one is deduplicated per submitter only.
            models.UniqueConstraint(fields=["content_hash"], condition=Q(submitted_by__isnull=True), name="uniq_public_job_hash"),
            models.UniqueConstraint(fields=["content_hash", "submitted_by"], condition=Q(submitted_by__isnull=False),
                                    name="uniq_private_job_hash_per_submitter"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_min_lte_max",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}" if self.company else self.title

    @property
    def salary_display(self):
        if self.salary_min is None and self.salary_max is None:
            return ""
        low, high = self.salary_min, self.salary_max
        symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(self.salary_currency, f"{self.salary_currency} ".lstrip())
        if low and high and low != high:
            amount = f"{symbol}{low:,}–{symbol}{high:,}"
        else:
            amount = f"{symbol}{(low or high):,}"
        return f"{amount} / {self.salary_period}" if self.salary_period else amount
