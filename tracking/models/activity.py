"""Activity: one entry of an application's timeline (status changes, notes, packets, reminders, ...)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Activity(models.Model):
    """Written by the services only; the owner is copied from the application so the timeline reads by index."""

    class Kind(models.TextChoices):
        CREATED = "created", "Tracked"
        STATUS_CHANGE = "status_change", "Status change"
        NOTE = "note", "Note"
        EDIT = "edit", "Edited"
        PACKET = "packet", "Packet"
        INTERVIEW = "interview", "Interview scheduled"
        INTERVIEW_PREP = "interview_prep", "Interview prep"
        REMINDER = "reminder", "Reminder"
        EMAIL = "email", "E-mail"
        SNAPSHOT = "snapshot", "Snapshot"

    # Indexed by the two composite indexes below (each starts with one of these), not on their own.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_activities",
                              db_index=False)
    application = models.ForeignKey("tracking.Application", on_delete=models.CASCADE, related_name="activities",
                                    db_index=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["owner", "created_at"], name="activity_owner_created"),
            models.Index(fields=["application", "created_at"], name="activity_application_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on application {self.application_id}"
