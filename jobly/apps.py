from django.apps import AppConfig


class JoblyConfig(AppConfig):
    name = "jobly"
    verbose_name = "Jobly core"

    def ready(self):
        from django.conf import settings

        from jobly import checks, dashboard_cards, diagnostics, signals  # noqa: F401  (checks, cards, job types, signals)
        from jobly.profiles import jobs as profile_jobs  # noqa: F401  (resume import job type)
        from jobly import metrics
        from jobly.periodic import register_periodic

        metrics.connect()

        register_periodic(
            "jobly.reap_background_jobs", "jobly.reap_background_jobs", every_seconds=settings.JOB_REAPER_INTERVAL_SECONDS
        )
        register_periodic("jobly.delete_expired_events", "jobly.delete_expired_events", every_seconds=3600)
