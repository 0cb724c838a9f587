"""Standard Webhooks signing with the `standardwebhooks` package: `whsec_` secrets and the three headers.

During a rotation's grace period a delivery carries two `v1,` signatures (new and old secret), so a
receiver still verifying with the old secret accepts it while it switches.
"""

import base64
import secrets
from datetime import datetime, timezone as dt_timezone

from standardwebhooks import Webhook

from jobly.models.notifications import SECRET_PREFIX

SECRET_BYTES = 24


def new_secret():
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def signature_header(secrets_in_use, *, message_id, timestamp, body):
    """`v1,<base64>` for each secret, space-separated (the spec's form for several signatures)."""
    return " ".join(Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body) for secret in secrets_in_use)


def signed_headers(secrets_in_use, *, message_id, body, at=None):
    """The request headers of one attempt; the timestamp is the attempt's (receivers allow ±5 minutes)."""
    timestamp = at or datetime.now(dt_timezone.utc)
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(secrets_in_use, message_id=message_id, timestamp=timestamp, body=body),
    }
