"""Feeds: where postings come from (an RSS/Atom URL or a JSON job board), with schedule and health."""

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
        REMOTIVE = "remotive", "Remotive API (JSON)"
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
    # Set when the last fetch worked but its postings lack most fields (no URL or description).
    degraded_reason = models.CharField(max_length=300, blank=True, default="", db_default="")

    # Counts of the last fetch ({"new", "updated", "unchanged", "skipped", "failed"}) and in total.
    last_counts = models.JSONField(default=dict, blank=True)
    entries_total = models.PositiveIntegerField(default=0)
    # The last fully ingested document: {"digest", "entries", "linked", "counts", "reasons"}. The same bytes
    # again (and every posting still linked) are counted unchanged without parsing (services/ingest.py).
    last_document = models.JSONField(default=dict, db_default={}, blank=True)

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
        if self.degraded_reason:
            return "degraded"
        if self.last_success_at:
            return "ok"
        return "new"
