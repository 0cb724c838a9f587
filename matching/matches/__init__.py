"""Matches: a profile's ranked postings, stored with their scores and reasons (issue 6, integration)."""
