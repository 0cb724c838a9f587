"""Backups that restore: see jobly/backups/runs.py (docs/OPERATIONS.md for operators)."""

from jobly.backups.errors import BackupError
from jobly.backups.runs import create_backup, list_backups, prune_backups, read_manifest, restore_backup

__all__ = ["BackupError", "create_backup", "list_backups", "prune_backups", "read_manifest", "restore_backup"]
