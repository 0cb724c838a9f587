from django.conf import settings
from django.db import models
from django.utils import timezone


class EventQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Event(models.Model):
    """Something that happened for a user; the WebSocket, polling and webhooks all carry these."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["owner", "id"], name="event_owner_id")]

    def __str__(self):
        return f"{self.type} #{self.pk}"

    def to_wire(self):
        return {"id": self.pk, "type": self.type, "created_at": self.created_at.isoformat(), "data": self.data}
