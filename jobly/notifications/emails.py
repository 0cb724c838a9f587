"""What each e-mail says and when it goes: new matches (batched, at most one an hour), follow-up
reminders, the weekly digest, and an endpoint that was turned off. Each is queued under a key that
names its period or event (exactly once), then sent by the worker."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jobly.errors import PermanentError
from jobly.models import EmailSend, Event, NotificationPreference
from jobly.notifications import digest
from jobly.notifications.alerts import DISABLED_EVENT
from jobly.notifications.email import PREFERENCE_FOR_KIND, queue_email, schedule_email, unsubscribe_url
from jobly.notifications.preferences import preferences_for

MATCHES_LISTED = 10


def _site(path):
    return settings.SITE_URL.rstrip("/") + path


def render(user, kind, *, heading, intro, sections):
    """(text, html) of one e-mail from the shared templates."""
    context = {
        "heading": heading, "intro": intro, "sections": sections, "site_url": settings.SITE_URL.rstrip("/"),
        "settings_url": _site(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url(user.pk, kind) if kind in PREFERENCE_FOR_KIND else "",
    }
    return (render_to_string("notifications/email/message.txt", context),
            render_to_string("notifications/email/message.html", context))


def _queue(user, kind, key, subject, *, heading, intro, sections):
    text, html = render(user, kind, heading=heading, intro=intro, sections=sections)
    try:
        row, created = queue_email(user=user, kind=kind, key=key, subject=subject, body_text=text, body_html=html)
    except PermanentError:  # no address, or a header field with a line break: refused, recorded nowhere else
        return None
    if created:
        schedule_email(row.pk)
    return row


def send_match_emails(*, now=None):
    """Beat: for each user with new `match.new` events, one e-mail of the matches at or above their threshold,
    unless one went out within NOTIFICATION_MATCH_EMAIL_INTERVAL_SECONDS (then they wait for the next run)."""
    now = now or timezone.now()
    owners = (Event.objects.filter(type="match.new", created_at__gte=now - timedelta(days=settings.EVENT_RETENTION_DAYS))
              .values_list("owner_id", flat=True).distinct())
    return sum(1 for owner_id in list(owners) if _match_email_for(owner_id, now))


def _match_email_for(owner_id, now):
    user = get_user_model().objects.get(pk=owner_id)
    with transaction.atomic():
        preferences_for(user)
        preference = NotificationPreference.objects.select_for_update().get(user=user)
        quiet_until = (preference.matches_emailed_at or now - timedelta(days=365)) + timedelta(
            seconds=settings.NOTIFICATION_MATCH_EMAIL_INTERVAL_SECONDS)
        if preference.new_matches and quiet_until > now:
            return None  # batched: these events wait for the next run after the quiet hour
        events = list(Event.objects.filter(owner=user, type="match.new", pk__gt=preference.matches_cursor).order_by("id"))
        if not events:
            return None
        preference.matches_cursor = events[-1].pk
        entries = {}
        for event in events:
            for entry in event.data.get("matches", []):
                if entry.get("score", 0) >= preference.match_threshold:
                    entries.setdefault(entry.get("match_id"), entry)
        if not preference.new_matches or not entries:
            preference.save(update_fields=["matches_cursor"])
            return None
        best = sorted(entries.values(), key=lambda e: (-e.get("score", 0), e.get("job_id", 0)))
        items = [{"text": f"{e.get('score', 0):.0f} · {e.get('title', '')} at {e.get('company', '')}",
                  "url": _site(f"/matches/{e['match_id']}/") if e.get("match_id") else ""} for e in best[:MATCHES_LISTED]]
        count = len(best)
        row = _queue(user, EmailSend.Kind.NEW_MATCHES, f"through-event-{events[-1].pk}",
                     f"{count} new match{'es' if count != 1 else ''} for you on Jobly",
                     heading="New matches", intro=f"{count} new postings scored {preference.match_threshold:.0f} or more.",
                     sections=[{"title": "Best new matches", "items": items}])
        preference.matches_emailed_at = now
        preference.save(update_fields=["matches_cursor", "matches_emailed_at"])
        return row


def email_for_event(event_id):
    """A follow-up reminder (if the user wants reminders) or an endpoint-disabled alert, once per event."""
    event = Event.objects.select_related("owner").filter(pk=event_id).first()
    if event is None:
        return None
    user, data = event.owner, event.data
    with transaction.atomic():
        if event.type == "application.reminder":
            if not preferences_for(user).reminders:
                return None
            what = " at ".join(part for part in (data.get("title", ""), data.get("company", "")) if part)
            url = _site(f"/applications/{data['application_id']}/") if data.get("application_id") else ""
            return _queue(user, EmailSend.Kind.REMINDER, f"event-{event.pk}", "A follow-up reminder from Jobly",
                          heading="Follow-up reminder", intro=data.get("message", ""),
                          sections=[{"title": "Application", "items": [{"text": what or "Your application", "url": url}]}])
        if event.type == DISABLED_EVENT:
            url = _site(reverse("notifications:endpoint", kwargs={"endpoint_id": data["endpoint_id"]}))
            return _queue(user, EmailSend.Kind.WEBHOOK_DISABLED, f"event-{event.pk}", "A webhook endpoint was turned off",
                          heading="Webhook endpoint turned off",
                          intro=f"{data.get('reason_label', 'It failed')}, so Jobly stopped sending to it.",
                          sections=[{"title": "Endpoint", "items": [{"text": data.get("url", ""), "url": url}]}])
    return None


def digest_key(until):
    year, week, _ = until.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digest(user, *, now=None):
    """One digest of the week before `now` (key: the ISO week), when the user wants it and it has content."""
    now = now or timezone.now()
    if not preferences_for(user).weekly_digest:
        return None
    since = now - timedelta(days=7)
    sections = digest.build_sections(user, since, now)
    if not sections:
        return None
    with transaction.atomic():
        return _queue(user, EmailSend.Kind.WEEKLY_DIGEST, digest_key(now), "Your week on Jobly",
                      heading="Your week on Jobly", intro=f"From {since:%d %b} to {now:%d %b %Y}.", sections=sections)


def send_weekly_digests(*, now=None):
    """Beat (weekly): every active user with an address gets their digest once."""
    now = now or timezone.now()
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    return sum(1 for user in users.iterator() if send_weekly_digest(user, now=now))
