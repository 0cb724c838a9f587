"""Exports: the study plan as iCalendar (parsed back with icalendar) and the prep as Markdown."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from interviews.exports import prep_to_markdown, study_plan_to_ical
from interviews.planning import plan_prep, posting_snapshot, profile_snapshot

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def prep(google_postings, profile):
    return plan_prep(profile=profile, posting=google_postings[1], today=TODAY, interview_date=TODAY + timedelta(days=3))


def events(ics):
    return [component for component in Calendar.from_ical(ics).walk("VEVENT")]


def test_ical_parses_back_with_one_event_per_session_of_the_right_length(prep):
    ics = study_plan_to_ical(prep.study_plan, title="Prep", uid_prefix="prep-7", now=NOW)
    found = events(ics)
    sessions = [(day, s) for day in prep.study_plan.days for s in day.sessions]
    assert len(found) == len(sessions)
    for event, (day, session) in zip(found, sessions):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start.date() == day.date and start.tzinfo is None  # floating local time
        assert end - start == timedelta(minutes=session.minutes)
        assert session.title in str(event["summary"]) and str(event["description"]) == session.activity
    assert len({str(event["uid"]) for event in found}) == len(found)
    assert study_plan_to_ical(prep.study_plan, title="Prep", uid_prefix="prep-7", now=NOW) == ics  # stable


def test_ical_with_a_time_zone_carries_it_and_sessions_follow_each_other(prep):
    ics = study_plan_to_ical(prep.study_plan.to_dict(), title="Prep", tz="Europe/Berlin", start_time=time(7, 30), now=NOW)
    calendar = Calendar.from_ical(ics)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    first_day = [e for e in events(ics) if e.decoded("dtstart").date() == TODAY]
    assert first_day[0].decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert first_day[0].decoded("dtstart").time() == time(7, 30)
    for before, after in zip(first_day, first_day[1:]):
        assert before.decoded("dtend") == after.decoded("dtstart")


def test_markdown_has_every_section_and_cites_the_bullets(prep):
    text = prep_to_markdown(prep)
    for heading in ("# Interview prep:", "## Technical questions", "## Behavioural questions",
                    "## Gaps and how to address them", "## Questions to ask", "## Study plan"):
        assert heading in text
    for item in prep.behavioural:
        assert f"`{item.star.bullet_id}`" in text
    assert text.count("| 2026-03-0") == sum(len(day.sessions) for day in prep.study_plan.days)


def test_markdown_keeps_hostile_profile_and_posting_text_literal(bank):
    profile = profile_snapshot(experience=[{"company": "Acme <b>", "title": "Dev", "bullets": [
        "<script>alert(1)</script> shipped | the *thing* [link](javascript:alert(1))", "# not a heading"]}])
    posting = posting_snapshot(title="Dev <img src=x onerror=alert(1)>", company="Acme",
                               description_text="Requirements\nPython", remote_type="remote")
    text = prep_to_markdown(plan_prep(profile=profile, posting=posting, today=TODAY, bank=bank))
    # Rendered by a CommonMark renderer that lets raw HTML through, none of it becomes markup.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; shipped | the *thing* [link](javascript:alert(1))" in html
    assert "<h1>not a heading</h1>" not in html and "# not a heading" in html
