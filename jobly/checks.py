"""System checks for configuration that settings validation cannot see alone."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def celery_visibility_timeout(app_configs, **kwargs):
    errors = []
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    result = settings.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS.get("visibility_timeout")
    if transport != result:
        errors.append(
            Error(
                "Celery visibility timeouts differ between broker and result backend.",
                hint="Set both from CELERY_VISIBILITY_TIMEOUT.",
                id="jobly.E001",
            )
        )
    return errors


@register(deploy=True)
def production_mode(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return [Warning("JOBLY_MODE is not production.", hint="Set JOBLY_MODE=production when deploying.", id="jobly.W001")]
    return []
