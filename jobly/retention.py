"""Retention: rows (and their stored files) older than a configurable age are deleted by Beat.

Each rule names a queryset, the date field that ages it, and its age in days (read at run time,
so a changed setting applies at the next run). Apps add theirs from AppConfig.ready() with
`register_rule(...)` (webhook and e-mail delivery logs, say), since the core imports no app.
Rows go in batches of RETENTION_BATCH_SIZE, each batch in its own short transaction; a rule's
`before_delete(rows)` runs first (deleting files), so a storage failure leaves the rows for the
next run instead of leaving orphans behind.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("jobly.retention")


@dataclass(frozen=True)
class RetentionRule:
    name: str
    queryset: Callable  # () -> QuerySet of rows that may age out
    age_field: str
    days: Callable  # () -> int
    before_delete: Callable | None = None  # (list of rows) -> None; raise to keep the batch


RULES = {}


def register_rule(name, *, queryset, age_field, days, before_delete=None):
    """Declare rule `name`: rows of `queryset()` whose `age_field` is older than `days` days go.

    `days` is an int or a callable (e.g. `lambda: settings.MY_RETENTION_DAYS`).
    """
    days_callable = days if callable(days) else (lambda value=int(days): value)
    RULES[name] = RetentionRule(name=name, queryset=queryset, age_field=age_field, days=days_callable, before_delete=before_delete)
    return RULES[name]


def apply_rule(name, *, now=None, batch_size=None):
    """Delete what rule `name` says is past its age; returns how many rows went."""
    rule = RULES[name]
    batch_size = batch_size or settings.RETENTION_BATCH_SIZE
    cutoff = (now or timezone.now()) - timedelta(days=rule.days())
    expired = rule.queryset().filter(**{f"{rule.age_field}__lt": cutoff}).order_by("pk")
    deleted, last_pk = 0, None
    while True:
        page = expired if last_pk is None else expired.filter(pk__gt=last_pk)
        rows = list(page[:batch_size])
        if not rows:
            return deleted
        last_pk = rows[-1].pk
        if rule.before_delete is not None:
            try:
                rule.before_delete(rows)
            except Exception:
                logger.exception("retention rule %s could not clean up a batch; it stays for the next run", name)
                continue
        with transaction.atomic():
            rule.queryset().filter(pk__in=[row.pk for row in rows]).delete()
        deleted += len(rows)


def apply_retention(*, now=None, batch_size=None):
    """Run every rule; returns {rule name: rows deleted}."""
    report = {}
    for name in sorted(RULES):
        report[name] = apply_rule(name, now=now, batch_size=batch_size)
    if any(report.values()):
        logger.info("retention run", extra={"deleted": report})
    return report


def _delete_resume_files(uploads):
    from jobly import storage

    failed = [upload.pk for upload in uploads if upload.file and not storage.delete_quietly(upload.file.name)]
    if failed:
        raise RuntimeError(f"could not delete the files of resume uploads {failed}")


def register_core_rules():
    from jobly.models import AuditEntry, BackgroundJob, Event, ResumeUpload

    register_rule("events", queryset=Event.objects.all, age_field="created_at", days=lambda: settings.EVENT_RETENTION_DAYS)
    register_rule(
        "background_jobs", queryset=lambda: BackgroundJob.objects.filter(status__in=BackgroundJob.FINAL_STATUSES),
        age_field="finished_at", days=lambda: settings.JOB_RETENTION_DAYS,
    )
    register_rule(
        "resume_uploads", queryset=lambda: ResumeUpload.objects.defer("content"), age_field="created_at",
        days=lambda: settings.RESUME_UPLOAD_RETENTION_DAYS, before_delete=_delete_resume_files,
    )
    register_rule("audit_entries", queryset=AuditEntry.objects.all, age_field="created_at", days=lambda: settings.AUDIT_RETENTION_DAYS)
