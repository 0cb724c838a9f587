"""Upsert the periodic tasks declared in code (jobly.periodic) into Celery Beat's schedule."""

from django.core.management.base import BaseCommand

from jobly.periodic import REGISTRY, sync_periodic_tasks


class Command(BaseCommand):
    help = "Create or update, by name, the Celery Beat periodic tasks that the apps declare."

    def handle(self, *args, **options):
        report = sync_periodic_tasks()
        self.stdout.write(
            f"Periodic tasks: {len(REGISTRY)} declared, {len(report['created'])} created, {len(report['updated'])} updated."
        )
