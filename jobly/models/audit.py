from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(actor=user)


class AuditEntry(models.Model):
    """Who did what, when and from where: one security-relevant action (codes in jobly/audit.py).

    `actor` is the account the action was done by, or tried against (a failed sign-in); the
    person sees their own entries, operators see all. `detail` is small JSON and never holds a
    secret (`jobly.audit.record` refuses secret-looking keys).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)
    request_id = models.CharField(max_length=128, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="audit_actor_created")]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.action} #{self.pk}"
