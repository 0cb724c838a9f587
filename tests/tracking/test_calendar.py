"""The private calendar feed: parsed back with `icalendar`; a wrong or revoked token is 404."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import ApplicationFactory, InterviewFactory, UserFactory
from tracking.models import CalendarToken
from tracking.services.calendar import revoke_calendar_token, rotate_calendar_token

pytestmark = pytest.mark.django_db


def _feed_url(raw):
    return f"/applications/calendar/{raw}.ics"


def test_the_feed_lists_interviews_and_due_next_actions_and_parses_back(client, user):
    now = timezone.now().replace(microsecond=0)
    application = ApplicationFactory(owner=user, title="Data Engineer", company="Acme", status="interviewing",
                                     next_action="Send thank-you note", next_action_due=now + timedelta(days=2))
    interview = InterviewFactory(application=application, scheduled_at=now + timedelta(days=1), duration_minutes=45,
                                 kind="technical", location="https://meet.example/abc", notes="Bring the portfolio")
    ApplicationFactory(owner=user, status="rejected", next_action="Closed, no event", next_action_due=now)
    InterviewFactory(application=ApplicationFactory(owner=UserFactory(), title="Their secret interview"),
                     scheduled_at=now + timedelta(days=1))
    _, raw = rotate_calendar_token(user=user)
    response = client.get(_feed_url(raw))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "Their secret interview" not in response.content.decode()
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"interview-{interview.pk}@jobly", f"next-action-{application.pk}@jobly"}
    meeting = events[f"interview-{interview.pk}@jobly"]
    assert meeting.decoded("dtstart") == interview.scheduled_at
    assert meeting.decoded("dtend") - meeting.decoded("dtstart") == timedelta(minutes=45)
    assert str(meeting["summary"]) == "Technical: Data Engineer at Acme"
    assert str(meeting["location"]) == "https://meet.example/abc"
    assert "Bring the portfolio" in str(meeting["description"])
    follow_up = events[f"next-action-{application.pk}@jobly"]
    assert str(follow_up["summary"]) == "Send thank-you note: Data Engineer at Acme"
    assert follow_up.decoded("dtstart") == now + timedelta(days=2)


@pytest.mark.parametrize("raw", ["cal_not-a-real-token", "nonsense", "cal_" + "x" * 200, "%00", "cal_"])
def test_a_wrong_token_is_404(client, user, raw):
    rotate_calendar_token(user=user)
    assert client.get(_feed_url(raw)).status_code == 404


def test_a_revoked_or_rotated_token_is_404(client, user):
    _, first = rotate_calendar_token(user=user)
    _, second = rotate_calendar_token(user=user)
    assert client.get(_feed_url(first)).status_code == 404
    assert client.get(_feed_url(second)).status_code == 200
    revoke_calendar_token(user=user)
    assert client.get(_feed_url(second)).status_code == 404
    assert CalendarToken.objects.for_user(user).active().count() == 0


def test_a_deactivated_users_feed_is_404(client, user):
    _, raw = rotate_calendar_token(user=user)
    user.is_active = False
    user.save()
    assert client.get(_feed_url(raw)).status_code == 404


def test_only_the_tokens_hash_is_stored(user):
    token, raw = rotate_calendar_token(user=user)
    assert raw not in {token.key_hash, token.prefix} and token.key_hash == CalendarToken.hash_key(raw)
