"""Core models: API tokens, candidate profiles, background jobs, events and the audit log."""

from jobly.models.accounts import ApiToken
from jobly.models.audit import AuditEntry
from jobly.models.background import BackgroundJob
from jobly.models.events import Event
from jobly.models.profiles import Profile, ResumeUpload

__all__ = ["ApiToken", "AuditEntry", "BackgroundJob", "Event", "Profile", "ResumeUpload"]
