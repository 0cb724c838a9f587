from jobly.errors import DomainError


class BackupError(DomainError):
    """A backup or restore refused or failed; `code` says why (see docs/OPERATIONS.md)."""

    code = "backup_failed"
    status = 409
