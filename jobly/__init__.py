"""Jobly: the project package and the core app."""

from jobly.celery import app as celery_app

__all__ = ["celery_app"]
