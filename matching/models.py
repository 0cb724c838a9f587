"""Feeds, postings (Job) and matches."""
