"""Exactly-once e-mail with Django's e-mail framework, and the one-click unsubscribe of RFC 8058.

`queue_email` stores the rendered message under a unique (user, kind, key) — the key names the period
or the event, so a second run finds the row and sends nothing; `deliver_email` claims the row with a
lease before handing it to the backend, and marks it sent after. A worker killed between the two
leaves the lease to expire and the sweeper sends it then (with the same Message-ID). Header fields
never carry a CR or LF: a recipient or subject with one is refused (`header_injection`), never sent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from jobly import metrics
from jobly.errors import PermanentError
from jobly.models import EmailSend

logger = logging.getLogger("jobly.notifications")
UNSUBSCRIBE_SALT = "jobly.notifications.unsubscribe"
LEASE_SECONDS = 120
MAX_ATTEMPTS = 5
# Which preference each kind of e-mail answers to; one-click unsubscribe turns that one off.
PREFERENCE_FOR_KIND = {
    EmailSend.Kind.NEW_MATCHES: "new_matches",
    EmailSend.Kind.REMINDER: "reminders",
    EmailSend.Kind.WEEKLY_DIGEST: "weekly_digest",
}


class HeaderInjection(PermanentError):
    code = "header_injection"
    default_message = "A header field contains a line break."


def refuse_line_breaks(**fields):
    for name, value in fields.items():
        if any(char in str(value) for char in "\r\n\x00\u2028\u2029\x85"):
            raise HeaderInjection(f"The {name} contains a line break; nothing was sent.", details={"field": name})


def unsubscribe_token(user_id, preference):
    return signing.dumps({"u": user_id, "p": preference}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, preference) from a token; raises signing.BadSignature when it was tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("p") not in PREFERENCE_FOR_KIND.values() or not isinstance(data.get("u"), int):
        raise signing.BadSignature("not an unsubscribe token")
    return data["u"], data["p"]


def unsubscribe_url(user_id, kind):
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id, PREFERENCE_FOR_KIND[kind])})
    return settings.SITE_URL.rstrip("/") + path


def queue_email(*, user, kind, key, subject, body_text, body_html=""):
    """Store the e-mail under its unique key; returns (row, created). An existing key is returned untouched."""
    refuse_line_breaks(recipient=user.email, subject=subject, key=key)
    if not user.email:
        raise PermanentError("This account has no e-mail address.", code="no_email_address")
    try:
        with transaction.atomic():
            row = EmailSend.objects.create(user=user, kind=kind, key=key, to=user.email, subject=subject,
                                           body_text=body_text, body_html=body_html)
    except IntegrityError:
        return EmailSend.objects.get(user=user, kind=kind, key=key), False
    return row, True


def schedule_email(email_id):
    from jobly.notifications.tasks import deliver_email_task

    transaction.on_commit(lambda: deliver_email_task.apply_async(args=[email_id], queue="io"))


def _lease_free(now):
    return Q(leased_until__isnull=True) | Q(leased_until__lt=now)


def _claim(email_id, now):
    free = EmailSend.objects.filter(_lease_free(now), pk=email_id, status=EmailSend.Status.PENDING)
    return free.update(leased_until=now + timedelta(seconds=LEASE_SECONDS), attempts=F("attempts") + 1) == 1


def build_message(row, connection=None):
    refuse_line_breaks(recipient=row.to, subject=row.subject)
    headers = {"Message-ID": f"<{row.kind}.{row.pk}.{row.user_id}@jobly>"}
    if row.kind in PREFERENCE_FOR_KIND:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(row.user_id, row.kind)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(row.subject, row.body_text, settings.DEFAULT_FROM_EMAIL, [row.to],
                                     headers=headers, connection=connection)
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def deliver_email(email_id, *, now=None):
    """Send one stored e-mail if it is still pending and free; returns True when this call sent it."""
    now = now or timezone.now()
    if not _claim(email_id, now):
        return False
    row = EmailSend.objects.get(pk=email_id)
    try:
        build_message(row, connection=get_connection(timeout=settings.EMAIL_TIMEOUT)).send()
    except HeaderInjection as refused:
        EmailSend.objects.filter(pk=row.pk).update(status=EmailSend.Status.FAILED, error_code=refused.code, leased_until=None)
        return False
    except Exception as error:  # the SMTP server is down or refused: the sweeper tries again
        logger.warning("e-mail %s not sent: %s", row.pk, type(error).__name__)
        final = row.attempts >= MAX_ATTEMPTS
        EmailSend.objects.filter(pk=row.pk).update(
            status=EmailSend.Status.FAILED if final else EmailSend.Status.PENDING,
            error_code="smtp_error", leased_until=None if final else now + timedelta(seconds=60 * row.attempts))
        return False
    EmailSend.objects.filter(pk=row.pk).update(status=EmailSend.Status.SENT, sent_at=timezone.now(), leased_until=None,
                                               error_code="")
    metrics.record_delivery("email", "delivered")
    return True


def sweep_emails(*, now=None):
    """Pending e-mails whose lease is free (never sent, or a worker died while sending): send them."""
    now = now or timezone.now()
    ids = list(EmailSend.objects.filter(status=EmailSend.Status.PENDING).filter(_lease_free(now))
               .order_by("id").values_list("id", flat=True)[:500])
    return sum(1 for email_id in ids if deliver_email(email_id, now=now))
