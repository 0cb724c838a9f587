"""Snapshot: what was sent when an application moved to "applied", frozen for good.

Written once by `services.snapshot.take_snapshot`; the model refuses to save an existing row and, on
PostgreSQL, a trigger (migration 0002) refuses UPDATE of the table, so not even a bulk update changes it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SnapshotChangeRefused(Exception):
    pass


class SnapshotQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def update(self, **kwargs):
        raise SnapshotChangeRefused("a snapshot never changes")


class Snapshot(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_snapshots")
    application = models.OneToOneField("tracking.Application", on_delete=models.CASCADE, related_name="snapshot")
    taken_at = models.DateTimeField(default=timezone.now)
    posting_id = models.BigIntegerField(null=True, blank=True)
    posting_title = models.CharField(max_length=300)
    posting_company = models.CharField(max_length=200, blank=True)
    posting_url = models.URLField(max_length=2000, blank=True)
    posting_text = models.TextField(blank=True)
    posting_html = models.TextField(blank=True, help_text="Sanitised with nh3 at ingestion.")
    posting_content_hash = models.CharField(max_length=64, blank=True)
    profile_id_at_snapshot = models.BigIntegerField(null=True, blank=True)
    profile_name = models.CharField(max_length=100, blank=True)
    match_score = models.FloatField(null=True, blank=True)
    match_summary = models.CharField(max_length=500, blank=True)
    match_reasons = models.JSONField(default=dict, blank=True)
    match_components = models.JSONField(default=dict, blank=True)
    # {"packet_id", "version", "design", "cv": {"sha256", "size", "name"}, "cover_letter": {...}, "cover_letter_text"}
    # from services.snapshot.packet_snapshot(); empty while no packet was sent.
    packet = models.JSONField(default=dict, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self):
        return f"Snapshot of application {self.application_id} at {self.taken_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotChangeRefused("a snapshot never changes")
        super().save(*args, **kwargs)
