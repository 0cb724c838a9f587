"""Per-user notification preferences: read with defaults, change (audited), unsubscribe by token."""

from django.db import transaction
from django.utils import timezone

from jobly import audit
from jobly.errors import InvalidInput
from jobly.models import NotificationPreference

FIELDS = ("new_matches", "match_threshold", "reminders", "weekly_digest")


def preferences_for(user):
    """The user's row, created with the defaults the first time it is needed."""
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


def update_preferences(*, user, **fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    threshold = fields.get("match_threshold")
    if threshold is not None and not (0 <= float(threshold) <= 100):
        raise InvalidInput("The threshold is a score from 0 to 100.", details={"match_threshold": ["From 0 to 100."]})
    with transaction.atomic():
        preference = preferences_for(user)
        preference = NotificationPreference.objects.select_for_update().get(pk=preference.pk)
        changed = [name for name, value in fields.items() if getattr(preference, name) != value]
        for name in changed:
            setattr(preference, name, fields[name])
        if changed:
            preference.updated_at = timezone.now()
            preference.save()
            audit.record("notifications.preferences_changed", actor=user, target=preference, detail={"fields": changed})
    return preference


def unsubscribe(*, user_id, preference_name):
    """One-click unsubscribe (RFC 8058): turn one kind off; doing it twice is harmless."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user_id=user_id)
        if getattr(preference, preference_name):
            setattr(preference, preference_name, False)
            preference.updated_at = timezone.now()
            preference.save()
            audit.record("notifications.unsubscribed", actor=user_id, target=preference, detail={"kind": preference_name})
    return preference
