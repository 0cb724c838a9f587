"""Application: one user's pursuit of one posting, with its status in the pipeline; and its interviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tracking import pipeline


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Application(models.Model):
    """A posting the user pursues. Status moves only through `services.pipeline.change_status`."""

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        NORMAL = 2, "Normal"
        HIGH = 3, "High"

    # No index of its own: every index below starts with owner, so owner-only reads use one of them.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications",
                              db_index=False)
    # The posting may be pruned later; title, company and the snapshot keep what the user saw.
    job = models.ForeignKey("matching.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications")
    profile = models.ForeignKey("jobly.Profile", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications")
    # The packet sent (or to send): set by the packet.ready subscription while not yet applied.
    packet = models.ForeignKey("packets.Packet", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications",
                               db_column="packet_id", help_text="The packet sent (packets.Packet).")
    packet_design = models.CharField(max_length=60, blank=True, help_text="The CV design of the packet sent.")
    title = models.CharField(max_length=300)
    company = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=pipeline.STATUS_CHOICES, default=pipeline.SAVED)
    source = models.CharField(max_length=100, blank=True, help_text="Where the posting was found.")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    match_score = models.FloatField(null=True, blank=True, help_text="The profile's match score when tracked (0–100).")
    salary_discussed = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    contacts = models.JSONField(default=list, blank=True, help_text='[{"name", "role", "email", "link"}]')
    next_action = models.CharField(max_length=300, blank=True)
    next_action_due = models.DateTimeField(null=True, blank=True)

    # Dates of the pipeline: each "reached" date is set once, the first time the stage is reached.
    saved_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_response_at = models.DateTimeField(null=True, blank=True)
    reached_interview_at = models.DateTimeField(null=True, blank=True)
    reached_offer_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    # Reminders mark what they sent, so a second Beat run (or two at once) sends nothing more.
    next_action_reminded_at = models.DateTimeField(null=True, blank=True)
    no_response_reminded_at = models.DateTimeField(null=True, blank=True)
    ghost_suggested_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "job"], condition=Q(job__isnull=False), name="uniq_application_per_job"),
            models.CheckConstraint(condition=Q(match_score__isnull=True) | Q(match_score__gte=0, match_score__lte=100),
                                   name="application_score_0_100"),
        ]
        # The analytics read by owner and one of these; EXPLAIN checks in tests/tracking/test_indexes.py.
        indexes = [
            models.Index(fields=["owner", "status"], name="application_owner_status"),
            models.Index(fields=["owner", "created_at"], name="application_owner_created"),
            models.Index(fields=["owner", "updated_at"], name="application_owner_updated"),
            models.Index(fields=["owner", "applied_at"], name="application_owner_applied"),
            models.Index(fields=["next_action_due"], condition=Q(next_action_reminded_at__isnull=True)
                         & Q(next_action_due__isnull=False), name="application_reminder_due"),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}" if self.company else self.title

    @property
    def status_label(self):
        return pipeline.LABELS.get(self.status, self.status)

    @property
    def is_closed(self):
        return self.status in pipeline.FINAL


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Interview(models.Model):
    """A scheduled interview of an application (the calendar feed lists these)."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone screen"
        VIDEO = "video", "Video call"
        ONSITE = "onsite", "On-site"
        TECHNICAL = "technical", "Technical"
        OTHER = "other", "Other"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews",
                              db_index=False)  # interview_owner_scheduled starts with owner
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=60)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.VIDEO)
    location = models.CharField(max_length=500, blank=True, help_text="Address or meeting link.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [models.Index(fields=["owner", "scheduled_at"], name="interview_owner_scheduled")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.application} at {self.scheduled_at:%Y-%m-%d %H:%M}"
