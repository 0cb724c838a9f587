"""Signatures made with `standardwebhooks` verify with the receiver's library, and fail when the body or
the timestamp is changed; during a rotation's grace period both the new and the old secret verify."""

from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from jobly.notifications import signing

BODY = '{"id":7,"type":"match.new","created_at":"2026-12-01T10:00:00+00:00","data":{"count":1}}'


def test_a_new_secret_is_a_whsec_key_of_24_random_bytes():
    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    Webhook(first)  # the library accepts it


def test_signed_headers_verify_with_the_reference_library():
    secret = signing.new_secret()
    headers = signing.signed_headers([secret], message_id="msg_evt_7", body=BODY)
    assert set(headers) == {"Content-Type", "webhook-id", "webhook-timestamp", "webhook-signature"}
    assert Webhook(secret).verify(BODY, headers) == {"id": 7, "type": "match.new",
                                                     "created_at": "2026-12-01T10:00:00+00:00", "data": {"count": 1}}


@pytest.mark.parametrize("change", ["body", "timestamp", "id", "secret"])
def test_a_changed_body_timestamp_id_or_secret_fails_verification(change):
    secret = signing.new_secret()
    headers = signing.signed_headers([secret], message_id="msg_evt_7", body=BODY)
    body = BODY
    if change == "body":
        body = BODY.replace('"count":1', '"count":2')
    elif change == "timestamp":
        headers["webhook-timestamp"] = str(int(headers["webhook-timestamp"]) - 1)
    elif change == "id":
        headers["webhook-id"] = "msg_evt_8"
    else:
        secret = signing.new_secret()
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


def test_a_six_minute_old_message_is_rejected_as_a_replay():
    secret = signing.new_secret()
    old = datetime.now(dt_timezone.utc) - timedelta(minutes=6)
    headers = signing.signed_headers([secret], message_id="msg_evt_7", body=BODY, at=old)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(BODY, headers)


def test_two_secrets_give_two_signatures_and_either_verifies():
    new, old = signing.new_secret(), signing.new_secret()
    headers = signing.signed_headers([new, old], message_id="msg_evt_7", body=BODY)
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert all(part.startswith("v1,") for part in headers["webhook-signature"].split(" "))
    Webhook(new).verify(BODY, headers)
    Webhook(old).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(BODY, headers)
