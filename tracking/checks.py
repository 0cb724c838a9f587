"""System checks: the reminder thresholds make sense together."""

from django.conf import settings
from django.core import checks


@checks.register()
def check_reminder_thresholds(app_configs=None, **kwargs):
    if settings.TRACKING_GHOSTED_AFTER_DAYS <= settings.TRACKING_NO_RESPONSE_DAYS:
        return [checks.Error(
            "TRACKING_GHOSTED_AFTER_DAYS must be larger than TRACKING_NO_RESPONSE_DAYS: an application is first "
            "nudged as silent, and only later suggested as ghosted.", id="tracking.E001",
            hint=f"Now {settings.TRACKING_GHOSTED_AFTER_DAYS} and {settings.TRACKING_NO_RESPONSE_DAYS}.")]
    return []
