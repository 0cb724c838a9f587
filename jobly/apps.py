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

        from jobly import audit, checks, dashboard_cards, diagnostics, resume_files, signals  # noqa: F401  (checks, cards, job types, receivers)
        from jobly.profiles import jobs as profile_jobs  # noqa: F401  (resume import job type)
        from jobly.periodic import register_periodic
        from jobly.retention import register_core_rules

        register_periodic(
            "jobly.reap_background_jobs", "jobly.reap_background_jobs", every_seconds=settings.JOB_REAPER_INTERVAL_SECONDS
        )
        register_periodic("jobly.apply_retention", "jobly.apply_retention", every_seconds=3600)
        register_periodic("jobly.backup", "jobly.backup", crontab={"minute": "17", "hour": str(settings.BACKUP_HOUR)})
        register_core_rules()
