"""Feeds (where postings come from) and Jobs (one normalised posting, shared by all users)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FeedQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own feeds plus the shared ones the operator added."""
        return self.filter(Q(owner=user) | Q(owner__isnull=True, is_shared=True))

    def owned_by(self, user):
        return self.filter(owner=user)

    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(enabled=True, next_fetch_at__lte=now)


class Feed(models.Model):
    """An RSS/Atom feed or a JSON job-board API, with its schedule and health."""

    class Kind(models.TextChoices):
        AUTO = "auto", "Detect from content"
        RSS = "rss", "RSS / Atom"
        REMOTEOK = "remoteok", "Remote OK API (JSON)"
        GREENHOUSE = "greenhouse", "Greenhouse job board (JSON)"
        LEVER = "lever", "Lever postings (JSON)"
        JSON_FEED = "jsonfeed", "JSON Feed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feeds", null=True, blank=True,
        help_text="Empty for a shared feed the operator added for everyone.",
    )
    is_shared = models.BooleanField(default=False, help_text="Visible to every user (operator feeds only).")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.AUTO)
    fetch_interval_minutes = models.PositiveIntegerField(default=60)
    enabled = models.BooleanField(default=True)

    # Conditional GET validators from the last 200 answer.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    # Health.
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_code = models.CharField(max_length=64, blank=True)
    last_error_message = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    # Counts of the last fetch ({"new", "updated", "unchanged", "skipped", "failed"}) and in total.
    last_counts = models.JSONField(default=dict, blank=True)
    entries_total = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "url"], name="uniq_feed_url_per_owner"),
            models.CheckConstraint(condition=Q(owner__isnull=False) | Q(is_shared=True), name="feed_owned_or_shared"),
        ]
        indexes = [models.Index(fields=["enabled", "next_fetch_at"], name="feed_due")]

    def __str__(self):
        return self.title or self.url

    @property
    def health(self):
        if not self.enabled:
            return "disabled"
        if self.consecutive_failures:
            return "failing"
        if self.last_success_at:
            return "ok"
        return "new"


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
    content_hash = models.CharField(max_length=64, unique=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
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
from matching.matches.models import Match  # noqa: E402,F401
