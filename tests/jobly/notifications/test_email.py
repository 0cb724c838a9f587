"""Exactly-once sending, the one-click unsubscribe (RFC 8058) without signing in, and header injection."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from jobly.models import AuditEntry, EmailSend, NotificationPreference
from jobly.notifications import email
from tests.factories import EmailSendFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queued(user, kind="weekly_digest", key="2026-W49"):
    row, created = email.queue_email(user=user, kind=kind, key=key, subject="Your week on Jobly",
                                     body_text="text", body_html="<p>html</p>")
    return row


def test_a_key_is_sent_once_however_often_it_is_queued_or_delivered(user, smtp_sink):
    row = _queued(user)
    again, created = email.queue_email(user=user, kind="weekly_digest", key="2026-W49", subject="x", body_text="y")
    assert again.pk == row.pk and not created
    assert email.deliver_email(row.pk) is True
    assert email.deliver_email(row.pk) is False
    assert email.sweep_emails() == 0
    assert len(smtp_sink.messages) == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at and row.attempts == 1


def test_a_worker_that_died_mid_send_leaves_a_lease_the_sweeper_takes_over(user, smtp_sink):
    row = _queued(user)
    now = timezone.now()
    assert email._claim(row.pk, now)  # claimed, then the worker died before sending
    assert email.sweep_emails(now=now) == 0
    assert email.sweep_emails(now=now + timedelta(seconds=email.LEASE_SECONDS + 1)) == 1
    assert len(smtp_sink.messages) == 1


def test_an_unreachable_smtp_server_leaves_the_email_pending_for_a_later_run(user, settings, smtp_sink):
    settings.EMAIL_PORT = 1  # nothing listens there
    row = _queued(user)
    assert email.deliver_email(row.pk) is False
    row.refresh_from_db()
    assert row.status == "pending" and row.error_code == "smtp_error"
    settings.EMAIL_PORT = smtp_sink.port
    assert email.sweep_emails(now=timezone.now() + timedelta(minutes=2)) == 1


@pytest.mark.parametrize("address", ["ada@example.com\r\nBcc: victim@example.org", "ada@example.com\nX-Evil: 1",
                                     "ada@example.com\rBcc: x@example.org"])
def test_a_recipient_with_a_line_break_is_refused_and_nothing_is_sent(address, smtp_sink):
    user = UserFactory(email=address)
    with pytest.raises(email.HeaderInjection):
        _queued(user)
    assert not EmailSend.objects.exists() and smtp_sink.messages == []


def test_a_stored_subject_with_a_line_break_fails_without_sending(user, smtp_sink):
    row = EmailSendFactory(user=user, subject="Hello\r\nBcc: victim@example.org")
    assert email.deliver_email(row.pk) is False
    row.refresh_from_db()
    assert row.status == "failed" and row.error_code == "header_injection" and smtp_sink.messages == []


def test_the_account_api_refuses_an_address_with_a_line_break(auth_client, user):
    response = auth_client.patch("/api/account", {"email": "a@example.com\r\nBcc: b@example.org"}, format="json")
    assert response.status_code == 400
    user.refresh_from_db()
    assert "\n" not in user.email


def _unsubscribe_link(smtp_sink):
    header = str(smtp_sink.messages[0]["message"]["List-Unsubscribe"]).strip()
    return re.fullmatch(r"<http://testserver(/notifications/unsubscribe/[^>]+)>", header).group(1)


def test_one_click_unsubscribe_works_without_signing_in(client, user, smtp_sink):
    email.deliver_email(_queued(user).pk)
    path = _unsubscribe_link(smtp_sink)
    page = client.get(path)
    assert page.status_code == 200 and "Stop sending me the weekly digest?" in page.content.decode()
    assert NotificationPreference.objects.filter(user=user, weekly_digest=False).count() == 0  # GET changes nothing
    # What a mail client sends (RFC 8058 §3.2): a POST with this body, no cookies, no CSRF token.
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "no longer get the weekly digest" in response.content.decode()
    preference = NotificationPreference.objects.get(user=user)
    assert preference.weekly_digest is False and preference.new_matches is True and preference.reminders is True
    assert AuditEntry.objects.filter(actor=user, action="notifications.unsubscribed").count() == 1
    assert client.post(path).status_code == 200  # twice is harmless
    assert AuditEntry.objects.filter(actor=user, action="notifications.unsubscribed").count() == 1


@pytest.mark.parametrize("tamper", ["flip", "other_user", "other_salt", "garbage"])
def test_a_tampered_unsubscribe_token_is_refused(client, user, other_user, tamper):
    token = email.unsubscribe_token(user.pk, "weekly_digest")
    if tamper == "flip":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif tamper == "other_user":
        payload, _, rest = token.partition(":")
        token = signing.b64_encode(f'{{"u":{other_user.pk},"p":"weekly_digest"}}'.encode()).decode() + ":" + rest
    elif tamper == "other_salt":
        token = signing.dumps({"u": user.pk, "p": "weekly_digest"})
    else:
        token = "not-a-token"
    for method in (client.get, client.post):
        response = method(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not NotificationPreference.objects.filter(weekly_digest=False).exists()
