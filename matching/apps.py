import importlib

from django.apps import AppConfig

FETCH_DUE_FEEDS_EVERY_SECONDS = 60


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Feeds, postings and matches"

    def ready(self):
        from matching import dashboard_cards, jobs, metrics, tasks  # noqa: F401  (card, job type, metrics, Celery tasks)
        from matching.matches import admin as match_admin, checks, jobs as match_jobs, tasks as match_tasks  # noqa: F401
        from matching.matches.signals import connect as connect_matches

        connect_matches()

        # Beat entries are declared in code and upserted by name (jobly.periodic).
        try:
            periodic = importlib.import_module("jobly.periodic")
        except ImportError:
            return
        if hasattr(periodic, "register_periodic"):
            periodic.register_periodic(
                "matching.fetch_due_feeds", "matching.fetch_due_feeds", every_seconds=FETCH_DUE_FEEDS_EVERY_SECONDS, queue="io"
            )
