"""Packets' services: generate (tailor → write → render → check → store) and edit-and-re-render."""
