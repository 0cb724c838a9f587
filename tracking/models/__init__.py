"""Tracking's models, one module per concern: applications (with interviews), the activity timeline,
the snapshot taken at "applied", and the private calendar feed's token."""

from tracking.models.activity import Activity
from tracking.models.applications import Application, Interview
from tracking.models.calendar import CalendarToken
from tracking.models.snapshots import Snapshot

__all__ = ["Activity", "Application", "CalendarToken", "Interview", "Snapshot"]
