"""The private calendar feed's token: create (or rotate), revoke, and find the user a token belongs to."""

from django.db import transaction
from django.utils import timezone

from tracking.models import CalendarToken


def rotate_calendar_token(*, user):
    """Revoke the user's active token (if any) and create a new one. Returns (token, raw key shown once)."""
    raw = CalendarToken.generate_key()
    with transaction.atomic():
        CalendarToken.objects.for_user(user).active().select_for_update().update(revoked_at=timezone.now())
        token = CalendarToken.objects.create(owner=user, key_hash=CalendarToken.hash_key(raw), prefix=raw[:10])
    return token, raw


def revoke_calendar_token(*, user):
    """Revoke the active token: calendar apps subscribed to its URL get 404 from now on."""
    return CalendarToken.objects.for_user(user).active().update(revoked_at=timezone.now())


def owner_of_calendar_token(raw):
    """The user whose active token this is, or None (unknown, malformed or revoked: the feed answers 404)."""
    if not isinstance(raw, str) or not raw.startswith("cal_") or len(raw) > 100:
        return None
    token = CalendarToken.objects.active().select_related("owner").filter(key_hash=CalendarToken.hash_key(raw)).first()
    if token is None or not token.owner.is_active:
        return None
    CalendarToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.owner
