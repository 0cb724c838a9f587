"""Celery entry points of notifications: thin, they take ids and call the modules that do the work."""

from celery import shared_task


@shared_task(name="jobly.deliver_webhook", ignore_result=True, acks_late=True)
def deliver_webhook_task(delivery_id):
    """One attempt of one delivery; a duplicate message is a no-op (the claim decides)."""
    from jobly.notifications import delivery

    outcome = delivery.deliver(delivery_id)
    return None if outcome is None else outcome["succeeded"]


@shared_task(name="jobly.sweep_webhook_deliveries", ignore_result=True)
def sweep_webhook_deliveries_task():
    """Beat: due retries and deliveries whose worker died are sent again."""
    from jobly.notifications import delivery

    return delivery.sweep()


@shared_task(name="jobly.deliver_email", ignore_result=True, acks_late=True)
def deliver_email_task(email_id):
    from jobly.notifications import email

    return email.deliver_email(email_id)


@shared_task(name="jobly.email_for_event", ignore_result=True, acks_late=True)
def email_for_event_task(event_id):
    from jobly.notifications import emails

    row = emails.email_for_event(event_id)
    return row.pk if row else None


@shared_task(name="jobly.send_notification_emails", ignore_result=True)
def send_notification_emails_task():
    """Beat (every few minutes): batched new-match e-mails, then any pending e-mail left by a dead worker."""
    from jobly.notifications import email, emails

    return {"new_matches": emails.send_match_emails(), "swept": email.sweep_emails()}


@shared_task(name="jobly.send_weekly_digests", ignore_result=True)
def send_weekly_digests_task():
    from jobly.notifications import emails

    return emails.send_weekly_digests()
