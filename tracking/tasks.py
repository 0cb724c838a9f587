"""Celery entry points of tracking (Beat runs them). Thin: they call services."""

from celery import shared_task


@shared_task(name="tracking.send_reminders", ignore_result=True)
def send_reminders_task():
    """Beat: due next actions, silent applications and ghosting suggestions, each sent once."""
    from tracking.services import reminders

    return reminders.send_reminders()
