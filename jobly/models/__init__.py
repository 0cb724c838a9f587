"""Core models: API tokens, candidate profiles, background jobs and events."""

from jobly.models.accounts import ApiToken
from jobly.models.background import BackgroundJob
from jobly.models.events import Event
from jobly.models.profiles import Profile, ResumeUpload

__all__ = ["ApiToken", "BackgroundJob", "Event", "Profile", "ResumeUpload"]
