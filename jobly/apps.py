from django.apps import AppConfig


class JoblyConfig(AppConfig):
    name = "jobly"
    verbose_name = "Jobly core"

    def ready(self):
        from django.conf import settings

        from jobly import background_jobs, checks, metrics, signals  # noqa: F401  (job types, system checks, metrics, Celery signals)
        from jobly.dashboard import register_card
        from jobly.dashboard_cards import background_jobs_card, profiles_card
        from jobly.periodic import register_periodic
        from jobly.profiles import background_jobs as profile_background_jobs  # noqa: F401  (resume import job type)

        register_card("profiles", profiles_card, order=10)
        register_card("background-jobs", background_jobs_card, order=90)
        metrics.connect()
        register_periodic(
            "jobly.reap_background_jobs", "jobly.reap_background_jobs", every_seconds=settings.JOB_REAPER_INTERVAL_SECONDS
        )
        register_periodic("jobly.delete_expired_events", "jobly.delete_expired_events", every_seconds=3600)
