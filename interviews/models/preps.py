"""InterviewPrep: the planner's output for one of the user's profiles and one posting, and its generation state."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class InterviewPrepQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class InterviewPrep(models.Model):
    """Written by interviews.services only. `content` is `Prep.to_dict()` (interviews.planning); it is
    replaced in one update when a generation succeeds, so a reader sees the old prep or the new one."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GENERATING = "generating", "Generating"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.GENERATING)

    # No index of its own: the composite indexes below start with owner.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_preps",
                              db_index=False)
    profile = models.ForeignKey("jobly.Profile", on_delete=models.CASCADE, related_name="interview_preps")
    # The posting may be pruned later; `content["posting"]`, title and company keep what the prep was for.
    job = models.ForeignKey("matching.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="interview_preps")
    # The tracked application (tracking.Application id) as a plain number: downstream apps do not import each other.
    application_id = models.BigIntegerField(null=True, blank=True, help_text="The tracked application (tracking id).")
    interview_date = models.DateField(null=True, blank=True, help_text="The study plan runs until the day before.")
    daily_minutes = models.PositiveSmallIntegerField(default=60)
    title = models.CharField(max_length=300)
    company = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.JSONField(default=dict, blank=True, help_text="{code, message} of the last failed generation.")
    content = models.JSONField(default=dict, blank=True, help_text="Prep.to_dict() of the last generation.")
    planner_version = models.PositiveSmallIntegerField(null=True, blank=True)
    writer = models.CharField(max_length=100, blank=True, help_text="The writer that enriched the content.")
    background_job = models.ForeignKey("jobly.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", help_text="The latest generation job.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    generated_at = models.DateTimeField(null=True, blank=True)

    objects = InterviewPrepQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            # One prep per profile and posting: preparing again regenerates it and keeps the practice.
            models.UniqueConstraint(fields=["owner", "profile", "job"], condition=Q(job__isnull=False),
                                    name="one_prep_per_profile_and_posting"),
            models.CheckConstraint(condition=Q(daily_minutes__gte=15) & Q(daily_minutes__lte=480),
                                   name="prep_daily_minutes_range"),
        ]
        indexes = [models.Index(fields=["owner", "updated_at"], name="prep_owner_updated")]

    def __str__(self):
        return " at ".join(part for part in (self.title, self.company) if part)

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def has_content(self):
        return bool(self.content)
