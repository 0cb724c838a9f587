"""E-mails through a real local SMTP sink: the weekly digest of a factory-built week (HTML and plain
text, sections from matching and tracking), new matches batched at most hourly above the user's
threshold, reminders, preferences respected, and each (user, kind, period) sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobly.events import publish
from jobly.models import EmailSend, NotificationPreference
from jobly.notifications import emails
from jobly.notifications.email import sweep_emails
from tests.factories import ActivityFactory, ApplicationFactory, JobFactory, MatchFactory, ProfileFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def week(user):
    """This week: two top matches, one below the threshold, one from last month; two status changes and
    one from before the week; one next action due and one closed application with an old due date."""
    profile = ProfileFactory(owner=user)
    made = lambda days: NOW - timedelta(days=days)  # noqa: E731
    MatchFactory(profile=profile, job=JobFactory(title="Staff Python Engineer", company="Quantix"), score=91, created_at=made(2))
    MatchFactory(profile=profile, job=JobFactory(title="Django Developer", company="Fernhill"), score=84, created_at=made(5))
    MatchFactory(profile=profile, job=JobFactory(title="PHP Maintainer", company="Lowscore"), score=55, created_at=made(1))
    MatchFactory(profile=profile, job=JobFactory(title="Old Match Role", company="Lastmonth"), score=95, created_at=made(30))
    moving = ApplicationFactory(owner=user, title="Platform Engineer", company="Brightwave", status="screening",
                                next_action="Send the take-home", next_action_due=NOW + timedelta(days=2))
    ActivityFactory(application=moving, owner=user, kind="status_change", data={"from": "applied", "to": "screening"},
                    created_at=made(1))
    ActivityFactory(application=moving, owner=user, kind="status_change", data={"from": "saved", "to": "applied"},
                    created_at=made(3))
    ActivityFactory(application=moving, owner=user, kind="status_change", data={"from": None, "to": "saved"},
                    created_at=made(20))
    ApplicationFactory(owner=user, title="Closed Role", company="Donecorp", status="rejected",
                       next_action="Never", next_action_due=NOW - timedelta(days=3))
    return profile


def test_the_weekly_digest_has_the_weeks_matches_movement_and_next_actions(user, week, smtp_sink):
    row = emails.send_weekly_digest(user, now=NOW)
    assert row.kind == "weekly_digest" and row.key == emails.digest_key(NOW)
    assert sweep_emails() == 1
    [sent] = smtp_sink.messages
    message = sent["message"]
    assert sent["to"] == [user.email] and message["Subject"] == "Your week on Jobly"
    text, html = smtp_sink.parts(message)
    for part in (text, html):
        assert part.index("New top matches") < part.index("Pipeline movement") < part.index("Next actions")
        assert "91 · Staff Python Engineer at Quantix" in part and "84 · Django Developer at Fernhill" in part
        assert "Platform Engineer at Brightwave: Applied → Screening" in part
        assert "Platform Engineer at Brightwave: Saved → Applied" in part
        assert "Send the take-home: Platform Engineer at Brightwave" in part
        for absent in ("PHP Maintainer", "Old Match Role", "Closed Role", "Never"):
            assert absent not in part
    assert text.index("Staff Python") < text.index("Django Developer")  # best first
    assert "<a href=\"http://testserver/matches/" in html
    assert "Unsubscribe from these e-mails: http://testserver/notifications/unsubscribe/" in text
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://testserver/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_second_digest_run_in_the_same_week_sends_nothing(user, week, smtp_sink):
    emails.send_weekly_digests(now=NOW)
    emails.send_weekly_digests(now=NOW + timedelta(minutes=5))
    sweep_emails()
    sweep_emails()
    assert len(smtp_sink.messages) == 1 and EmailSend.objects.filter(user=user).count() == 1


def test_no_digest_when_the_user_turned_it_off_or_the_week_was_empty(user, other_user, week, smtp_sink):
    NotificationPreference.objects.create(user=user, weekly_digest=False)
    assert emails.send_weekly_digest(user, now=NOW) is None
    assert emails.send_weekly_digest(other_user, now=NOW) is None  # nothing happened for them
    assert sweep_emails() == 0 and smtp_sink.messages == []


def _new_matches(user, *scores, start=0):
    entries = [{"match_id": start + n, "profile_id": 1, "job_id": start + n, "score": score,
                "title": f"Role {start + n}", "company": "Co"} for n, score in enumerate(scores, 1)]
    return publish(user, "match.new", {"count": len(entries), "threshold": 70, "matches": entries})


def test_new_matches_above_the_threshold_are_batched_into_at_most_one_email_an_hour(user, smtp_sink):
    NotificationPreference.objects.create(user=user, match_threshold=80)
    _new_matches(user, 92, 75)
    _new_matches(user, 85, start=10)
    assert emails.send_match_emails(now=NOW) == 1
    _new_matches(user, 99, start=20)
    assert emails.send_match_emails(now=NOW + timedelta(minutes=30)) == 0  # inside the quiet hour
    assert emails.send_match_emails(now=NOW + timedelta(minutes=61)) == 1
    sweep_emails()
    first, second = (smtp_sink.parts(sent["message"])[0] for sent in smtp_sink.messages)
    assert "92 · Role 1 at Co" in first and "85 · Role 11 at Co" in first and "Role 2 " not in first
    assert "99 · Role 21" in second and "Role 1 " not in second
    assert smtp_sink.messages[0]["message"]["Subject"] == "2 new matches for you on Jobly"


def test_new_match_emails_respect_the_preference(user, smtp_sink):
    NotificationPreference.objects.create(user=user, new_matches=False)
    _new_matches(user, 95)
    assert emails.send_match_emails(now=NOW) == 0
    NotificationPreference.objects.filter(user=user).update(new_matches=True)
    assert emails.send_match_emails(now=NOW) == 0  # what arrived while it was off is not sent later
    assert sweep_emails() == 0 and smtp_sink.messages == []


def test_a_reminder_event_becomes_one_email_unless_reminders_are_off(user, other_user, smtp_sink):
    data = {"application_id": 5, "kind": "no_response", "title": "Data Engineer", "company": "Nimbus",
            "message": "No response 10 days after applying: time to follow up."}
    event = publish(user, "application.reminder", data)
    emails.email_for_event(event.pk)
    emails.email_for_event(event.pk)  # the task ran twice
    NotificationPreference.objects.create(user=other_user, reminders=False)
    emails.email_for_event(publish(other_user, "application.reminder", data).pk)
    assert sweep_emails() == 1
    [sent] = smtp_sink.messages
    text, html = smtp_sink.parts(sent["message"])
    assert sent["to"] == [user.email] and "No response 10 days after applying" in text
    assert "Data Engineer at Nimbus" in html
