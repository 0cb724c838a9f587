from django.apps import AppConfig


class JoblyConfig(AppConfig):
    name = "jobly"
    verbose_name = "Jobly core"

    def ready(self):
        from jobly import checks, diagnostics, signals  # noqa: F401  (register checks, job types, signals)
