"""The analytics read cache (jobly.cache, name "analytics"): every measure a user's analytics endpoints
compute is kept per user until one of that user's applications, timeline entries or interviews changes.

Writes through the ORM retire the user's entries by signal. `QuerySet.update()` sends none: the one in
tracking that touches what analytics read (reminders marking applications) also writes a timeline entry
for each application, whose signal retires the owner's entries; a new bulk update must do the same.
"""

from django.db.models.signals import post_delete, post_save

from jobly.cache import cached_for_user, invalidate

NAME = "analytics"


def analytics_for(user, measure, parts, compute):
    return cached_for_user(NAME, user, (measure, *parts), compute)


def topics(user_id):
    """The jobly.cache topics of a read that depends on what analytics read (the tracking dashboard cards)."""
    return [(NAME, user_id)]


def invalidate_for(owner_id):
    invalidate(NAME, owner_id)


def _on_write(sender, instance, **kwargs):
    invalidate_for(instance.owner_id)


def connect():
    from tracking.models import Activity, Application, Interview

    for model in (Application, Activity, Interview):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"analytics-cache-save-{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"analytics-cache-delete-{model.__name__}")
