"""FeedUpload: an uploaded feed or OPML file, kept until the worker has read it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedUploadQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class FeedUpload(models.Model):
    """The bytes of an uploaded feed file: parsed on a worker (never in the web process), like resumes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_uploads")
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    result = models.JSONField(null=True, blank=True, help_text="What the import did, once the worker has run it.")
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = FeedUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename or f"feed upload {self.pk}"
