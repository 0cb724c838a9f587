"""No audit row holds a password, token, session, key hash or configured secret (RELIABILITY.md).

Every audited action is done once with canary values (tests/jobly/audit_walk.py); then every
column of every audit row is searched for them, the same way the secret-canary test searches logs.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from jobly.models import ApiToken, AuditEntry
from tests.jobly.audit_walk import walk_every_audited_action
from tests.reliability.test_secret_canaries import CANARIES, canaries_in

pytestmark = pytest.mark.django_db


def test_no_audit_row_contains_a_token_password_or_secret(settings, monkeypatch):
    for name, value in CANARIES.items():
        monkeypatch.setenv(name, value)
    settings.SECRET_KEY = CANARIES["SECRET_KEY"]
    walk = walk_every_audited_action(
        password="canary-password-0042-Alpha", new_password="canary-password-0042-Beta", wrong_password="canary-password-0042-Wrong",
    )
    stored_hashes = [user.password for user in get_user_model().objects.all()] + list(ApiToken.objects.values_list("key_hash", flat=True))
    rows = [json.dumps(model_to_dict(entry), default=str) for entry in AuditEntry.objects.all()]
    assert len(rows) >= 20, "the walk recorded too little: the test would prove nothing"
    dump = "\n".join(rows)
    assert len(walk.secrets) >= 8
    for secret in [*walk.secrets, *stored_hashes, CANARIES["SECRET_KEY"]]:
        assert len(secret) >= 8 and secret not in dump, "a secret value is in an audit row"
    assert "canary-password" not in dump
    assert not canaries_in(dump)
