"""Core models: API tokens, candidate profiles, background jobs, events, notifications and the audit log."""

from jobly.models.accounts import ApiToken
from jobly.models.audit import AuditEntry
from jobly.models.background import BackgroundJob
from jobly.models.events import Event
from jobly.models.notifications import (
    DeliveryAttempt, EmailSend, NotificationPreference, WebhookDelivery, WebhookEndpoint,
)
from jobly.models.profiles import Profile, ResumeUpload

__all__ = [
    "ApiToken", "AuditEntry", "BackgroundJob", "DeliveryAttempt", "EmailSend", "Event", "NotificationPreference", "Profile",
    "ResumeUpload", "WebhookDelivery", "WebhookEndpoint",
]
