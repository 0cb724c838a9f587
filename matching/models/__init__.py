"""Matching's models, one module per concern: feeds, postings (Job), matches and feed uploads."""

from matching.models.feeds import Feed
from matching.models.matches import Match
from matching.models.postings import Job
from matching.models.uploads import FeedUpload

__all__ = ["Feed", "FeedUpload", "Job", "Match"]
