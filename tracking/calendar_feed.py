"""A user's interviews and due next actions as an iCalendar feed (RFC 5545, written with `icalendar`).

UIDs are stable per interview and per application, so a calendar app that polls the feed updates its
events in place instead of duplicating them.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from tracking.selectors import calendar_entries

PRODID = "-//Jobly//Applications calendar//EN"
NEXT_ACTION_MINUTES = 15


def calendar_feed(user, *, now=None):
    """Bytes of a VCALENDAR with one VEVENT per interview (past 90 days and upcoming) and per due next action."""
    now = now or datetime.now(UTC)
    interviews, actions = calendar_entries(user, now=now)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Jobly: interviews and follow-ups")
    for interview in interviews:
        application = interview.application
        event = _event(f"interview-{interview.pk}", now, interview.scheduled_at,
                       interview.scheduled_at + timedelta(minutes=interview.duration_minutes),
                       f"{interview.get_kind_display()}: {application}", application)
        if interview.location:
            event.add("location", interview.location)
        if interview.notes:
            event["description"] = f"{interview.notes}\n\n{event['description']}"
        event.add("categories", ["Interview"])
        calendar.add_component(event)
    for application in actions:
        due = application.next_action_due
        event = _event(f"next-action-{application.pk}", now, due, due + timedelta(minutes=NEXT_ACTION_MINUTES),
                       f"{application.next_action or 'Follow up'}: {application}", application)
        event.add("categories", ["Follow-up"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _event(uid, now, start, end, summary, application):
    event = Event()
    event.add("uid", f"{uid}@jobly")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", f"{settings.SITE_URL}/applications/{application.pk}/")
    return event
