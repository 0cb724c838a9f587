"""Notifications: webhook endpoints, their deliveries and attempts, e-mail preferences and sent e-mails.

A WebhookDelivery and an EmailSend each carry a unique key claimed before anything is sent, so a
task that runs twice, or a worker that dies mid-send, never sends a second one (jobly/notifications).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

SECRET_PREFIX = "whsec_"


class WebhookEndpointQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class WebhookEndpoint(models.Model):
    """A URL of the user's that receives their events of the chosen types, signed per Standard Webhooks."""

    class DisabledReason(models.TextChoices):
        NONE = "", "—"
        GONE = "gone", "The endpoint answered 410 Gone"
        FAILING = "too_many_failures", "Too many failed deliveries in a row"
        BY_USER = "by_user", "Turned off by you"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list, help_text="Event types delivered here, e.g. [\"match.new\"].")
    is_active = models.BooleanField(default=True)
    # Kept as written (an HMAC key cannot be hashed); shown once at creation and rotation, never in the API.
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_valid_until = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=32, blank=True, choices=DisabledReason.choices)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "is_active"], name="webhook_endpoint_owner_active")]

    def __str__(self):
        return self.url

    def signing_secrets(self, now=None):
        """The secrets a delivery is signed with now: the current one, and the previous one in its grace period."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_valid_until and self.previous_secret_valid_until > now:
            secrets.append(self.previous_secret)
        return secrets


class WebhookDeliveryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(endpoint__owner=user)


class WebhookDelivery(models.Model):
    """One message to one endpoint: the body is fixed at creation, so every attempt sends the same bytes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        FAILED = "failed", "Failed, will retry"
        SUCCEEDED = "succeeded", "Delivered"
        DEAD = "dead", "Given up"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.BigIntegerField(null=True, blank=True, help_text="The Event delivered (null for a test event).")
    message_id = models.CharField(max_length=64, help_text="The webhook-id header: the same on every attempt.")
    event_type = models.CharField(max_length=64)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True, help_text="An attempt in flight holds the row until then.")
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "message_id"], name="uniq_webhook_delivery_message")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "created_at"], name="webhook_delivery_endpoint"),
        ]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """One HTTP request of a delivery, as the delivery log shows it."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.CharField(max_length=1000, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="uniq_delivery_attempt_number")]

    def __str__(self):
        return f"attempt {self.number} of delivery {self.delivery_id}"


class NotificationPreferenceQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class NotificationPreference(models.Model):
    """What a user wants by e-mail. A missing row means the defaults below."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    new_matches = models.BooleanField(default=True, help_text="E-mail new matches above the threshold (at most hourly).")
    match_threshold = models.FloatField(default=80.0, help_text="Only matches scoring at least this (0–100).")
    reminders = models.BooleanField(default=True, help_text="E-mail follow-up reminders.")
    weekly_digest = models.BooleanField(default=True, help_text="E-mail a weekly digest.")
    matches_cursor = models.BigIntegerField(default=0, help_text="The last match.new event considered for e-mail.")
    matches_emailed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NotificationPreferenceQuerySet.as_manager()

    def __str__(self):
        return f"notification preferences of {self.user_id}"


class EmailSendQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class EmailSend(models.Model):
    """One e-mail to one user, unique per (user, kind, key): the key names the period or event it is for."""

    class Kind(models.TextChoices):
        NEW_MATCHES = "new_matches", "New matches"
        REMINDER = "reminder", "Follow-up reminder"
        WEEKLY_DIGEST = "weekly_digest", "Weekly digest"
        WEBHOOK_DISABLED = "webhook_disabled", "Webhook endpoint disabled"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_sends")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    key = models.CharField(max_length=100)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    leased_until = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailSendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="uniq_email_send_key")]
        indexes = [models.Index(fields=["status", "created_at"], name="email_send_status")]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.user_id} ({self.status})"
