from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class BackgroundJobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def active(self):
        return self.filter(status__in=BackgroundJob.ACTIVE_STATUSES)


class BackgroundJob(models.Model):
    """One long operation run on a Celery worker; this row, not the broker message, is the truth."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)
    FINAL_STATUSES = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_jobs")
    type = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    params_hash = models.CharField(max_length=64)
    result = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True, help_text='{"code": ..., "message": ...}')
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    attempt_log = models.JSONField(default=list, blank=True)
    cancel_requested = models.BooleanField(default=False)
    celery_task_id = models.CharField(max_length=64, blank=True)
    queue = models.CharField(max_length=32, default="default")
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "type", "params_hash"],
                condition=Q(status__in=["queued", "running"]),
                name="uniq_active_background_job",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="background_job_progress_lte_100"),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="bgjob_status_heartbeat")]

    def __str__(self):
        return f"{self.type} #{self.pk} ({self.status})"

    @property
    def is_final(self):
        return self.status in self.FINAL_STATUSES

    @property
    def duration_seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
