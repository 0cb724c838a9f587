"""Periodic tasks declared in code and upserted into django-celery-beat by name.

Apps call `register_periodic(...)` from AppConfig.ready(); `manage.py sync_periodic_tasks` (run at
start-up) writes them. Rows are updated in place, never deleted and recreated, so an operator's
admin edits to a row we do not declare (and its run history) survive deploys (STYLE convention 11).
Each row gets `expires` equal to its interval: a backed-up queue drops stale runs instead of
piling them up (Sentry's pattern; RELIABILITY row 10).
"""

from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    task: str
    every_seconds: int | None
    crontab: dict | None
    queue: str
    expires_seconds: int


REGISTRY = {}


def register_periodic(name, task, *, every_seconds=None, crontab=None, queue="default"):
    """Declare periodic task `name` running Celery task `task` every N seconds or on a crontab.

    `crontab` is a dict of django-celery-beat CrontabSchedule fields, e.g. {"minute": "0", "hour": "3"};
    its runs expire after an hour unless `every_seconds` is also given as the expiry.
    """
    if (every_seconds is None) == (crontab is None):
        raise ValueError("register_periodic needs exactly one of every_seconds or crontab")
    if every_seconds is not None and int(every_seconds) < 1:
        raise ValueError("every_seconds must be at least 1")
    expires = int(every_seconds) if every_seconds is not None else 3600
    REGISTRY[name] = PeriodicSpec(
        name=name, task=task, every_seconds=int(every_seconds) if every_seconds else None,
        crontab=dict(crontab) if crontab else None, queue=queue, expires_seconds=expires,
    )
    return REGISTRY[name]


def _schedule_for(spec):
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if spec.every_seconds is not None:
        interval, _ = IntervalSchedule.objects.get_or_create(every=spec.every_seconds, period=IntervalSchedule.SECONDS)
        return {"interval": interval, "crontab": None}
    fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*", "timezone": "UTC"}
    fields.update(spec.crontab)
    crontab = CrontabSchedule.objects.filter(**fields).first() or CrontabSchedule.objects.create(**fields)
    return {"interval": None, "crontab": crontab}


def sync_periodic_tasks():
    """Upsert every registered periodic task by name. Returns {"created": [...], "updated": [...]}."""
    from django_celery_beat.models import PeriodicTask, PeriodicTasks

    report = {"created": [], "updated": []}
    with transaction.atomic():
        for spec in REGISTRY.values():
            values = {
                "task": spec.task,
                "queue": spec.queue,
                "expire_seconds": spec.expires_seconds,
                **_schedule_for(spec),
            }
            row = PeriodicTask.objects.select_for_update().filter(name=spec.name).first()
            if row is None:
                PeriodicTask.objects.create(name=spec.name, enabled=True, **values)
                report["created"].append(spec.name)
                continue
            changed = [field for field, value in values.items() if getattr(row, field) != value]
            if changed:
                for field in changed:
                    setattr(row, field, values[field])
                row.save()  # keeps id, enabled flag, last_run_at and total_run_count
                report["updated"].append(spec.name)
        if report["created"] or report["updated"]:
            PeriodicTasks.update_changed()
    return report
