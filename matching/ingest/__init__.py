"""Ingestion pipeline: fetch bytes safely, parse feeds and job boards, normalise, dedupe."""
