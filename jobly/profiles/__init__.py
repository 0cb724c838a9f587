"""Candidate profiles: services, resume import, API and pages (models live in jobly/models/profiles.py)."""
