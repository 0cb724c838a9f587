"""Matching's writes, one module per concern: feeds, ingest, submissions, matches, triggers."""
