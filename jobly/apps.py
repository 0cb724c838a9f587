from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class JoblyAdminConfig(AdminConfig):
    """Django's admin with every ModelAdmin audited (jobly/admin_site.py)."""

    default_site = "jobly.admin_site.AuditedAdminSite"


class JoblyConfig(AppConfig):
    name = "jobly"
    verbose_name = "Jobly core"

    def ready(self):
        from django.conf import settings

        from jobly import api_conventions, audit, background_jobs, checks, metrics, resume_files, signals  # noqa: F401  (audit receivers, job types, checks, metrics, signals)
        from jobly.dashboard import register_card
        from jobly.dashboard_cards import background_jobs_card, profiles_card
        from jobly.notifications import registration as notifications
        from jobly.periodic import register_periodic
        from jobly.profiles import background_jobs as profile_background_jobs  # noqa: F401  (resume import job type)
        from jobly.retention import register_core_rules

        api_conventions.refuse_non_strings_in_string_fields()
        register_card("profiles", profiles_card, order=10)
        register_card("background-jobs", background_jobs_card, order=9)
        metrics.connect()
        register_periodic(
            "jobly.reap_background_jobs", "jobly.reap_background_jobs", every_seconds=settings.JOB_REAPER_INTERVAL_SECONDS
        )
        register_periodic("jobly.apply_retention", "jobly.apply_retention", every_seconds=3600)
        register_periodic("jobly.backup", "jobly.backup", crontab={"minute": "17", "hour": str(settings.BACKUP_HOUR)})
        register_core_rules()
        notifications.register()
