"""The study plan as an iCalendar file (RFC 5545, written with the `icalendar` package).

One event per study session, back to back from `start_time` each day. Without a time zone
the times are floating (the reader's local time), which suits "study at 18:00 wherever I am";
with one they carry a TZID and the calendar includes the matching VTIMEZONE.
"""

import hashlib
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Jobly//Interview study plan//EN"


def _plan_dict(plan):
    return plan.to_dict() if hasattr(plan, "to_dict") else plan


def study_plan_to_ical(plan, *, title, start_time=time(18, 0), tz=None, uid_prefix="jobly-study", now=None):
    """Bytes of a VCALENDAR with one VEVENT per session of a StudyPlan (or its to_dict() form).

    title: the calendar's name, e.g. "Interview prep: Backend Engineer at Acme".
    tz: an IANA zone name ("Europe/Berlin") or None for floating times.
    uid_prefix: makes UIDs stable per prep (pass the prep's id), so a re-import updates events.
    """
    data = _plan_dict(plan)
    zone = ZoneInfo(tz) if tz else None
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    for day in data["days"]:
        moment = datetime.combine(datetime.fromisoformat(day["date"]).date(), start_time, tzinfo=zone)
        for index, session in enumerate(day["sessions"]):
            end = moment + timedelta(minutes=session["minutes"])
            event = Event()
            digest = hashlib.sha1(f"{uid_prefix}\x1f{day['date']}\x1f{index}\x1f{session['topic_key']}".encode()).hexdigest()
            event.add("uid", f"{digest[:20]}@{uid_prefix}.jobly")
            event.add("dtstamp", stamp)
            event.add("dtstart", moment)
            event.add("dtend", end)
            event.add("summary", f"Study: {session['title']} ({session['minutes']} min)")
            event.add("description", session["activity"])
            event.add("categories", ["Interview prep"])
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
            moment = end
    if zone is not None:
        calendar.add_missing_timezones()
    return calendar.to_ical()


__all__ = ["PRODID", "study_plan_to_ical"]
