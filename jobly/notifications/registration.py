"""Everything notifications registers at start-up (called from JoblyConfig.ready())."""

from django.conf import settings

MATCH_EMAIL_RUN_SECONDS = 300
NOTIFICATION_EVENT_TYPES = ("webhook.disabled",)


def register():
    from jobly import retention
    from jobly.events import ALL_TYPES, register_event_type, subscribe
    from jobly.models import EmailSend, WebhookDelivery
    from jobly.notifications import subscriptions, tasks  # noqa: F401  (Celery tasks)
    from jobly.periodic import register_periodic

    for event_type in NOTIFICATION_EVENT_TYPES:
        register_event_type(event_type)
    subscribe(ALL_TYPES, subscriptions.on_event)
    register_periodic("jobly.sweep_webhook_deliveries", "jobly.sweep_webhook_deliveries",
                      every_seconds=settings.WEBHOOK_SWEEP_INTERVAL_SECONDS, queue="io")
    register_periodic("jobly.send_notification_emails", "jobly.send_notification_emails",
                      every_seconds=MATCH_EMAIL_RUN_SECONDS, queue="io")
    register_periodic("jobly.send_weekly_digests", "jobly.send_weekly_digests", queue="io", crontab={
        "minute": "0", "hour": str(settings.NOTIFICATION_DIGEST_HOUR), "day_of_week": str(settings.NOTIFICATION_DIGEST_WEEKDAY)})
    # A delivery's attempts go with it (cascade).
    retention.register_rule("webhook_deliveries", queryset=WebhookDelivery.objects.all, age_field="created_at",
                            days=lambda: settings.WEBHOOK_DELIVERY_RETENTION_DAYS)
    retention.register_rule("email_sends", queryset=EmailSend.objects.all, age_field="created_at",
                            days=lambda: settings.EMAIL_LOG_RETENTION_DAYS)
