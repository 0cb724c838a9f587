"""Tracking's writes, one module per concern: applications, pipeline (status), timeline, snapshot,
reminders and the calendar token."""
