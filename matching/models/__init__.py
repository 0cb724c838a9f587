"""Matching's models, one module per concern: feeds, postings (Job) and matches."""

from matching.models.feeds import Feed
from matching.models.matches import Match
from matching.models.postings import Job

__all__ = ["Feed", "Job", "Match"]
