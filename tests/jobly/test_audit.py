"""The audit log: an entry for each audited action, with address, user agent and request id; small
details without secrets; the person's own entries in the API and the Security log page."""

import pytest

from jobly import audit
from jobly.models import AuditEntry
from tests.factories import UserFactory
from tests.jobly.audit_walk import ADDRESS, walk_every_audited_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(settings):
    return walk_every_audited_action(password="walk-pass-Alpha-7731", new_password="walk-pass-Beta-9914", wrong_password="walk-wrong-Gamma-5520")


def _actions(user):
    return [entry.action for entry in AuditEntry.objects.filter(actor=user).order_by("id")]


def test_each_audited_action_leaves_its_entry(walk):
    assert _actions(walk.user) == [
        "account.signed_up", "account.signed_in", "account.signed_out", "account.sign_in_failed", "account.signed_in",
        "account.password_changed", "account.settings_changed", "api_token.created", "api_token.revoked",
        "api_token.created", "account.settings_changed", "api_token.revoked", "profile.exported", "resume.uploaded",
        "resume.downloaded",
    ]
    assert _actions(walk.operator) == [
        "account.signed_in", "admin.object_changed", "admin.object_changed", "admin.action_run", "admin.object_deleted",
    ]
    unknown = AuditEntry.objects.filter(action="account.sign_in_failed", actor=None).get()
    assert unknown.detail == {"known_account": False}  # the name typed is not kept: it may be a password


def test_entries_carry_the_address_user_agent_and_request_id(walk):
    signed_up = AuditEntry.objects.get(actor=walk.user, action="account.signed_up")
    assert signed_up.ip_address == ADDRESS
    assert signed_up.user_agent.startswith("AuditWalk/1.0") and len(signed_up.user_agent) == 256
    assert signed_up.request_id == "walk-request-0001"
    created = AuditEntry.objects.filter(actor=walk.user, action="api_token.created").order_by("id").first()
    assert created.target_type == "jobly.apitoken" and created.detail["name"] == "laptop"
    assert created.ip_address == ADDRESS  # recorded by the token service, from the request context
    changed = AuditEntry.objects.filter(actor=walk.user, action="account.settings_changed").order_by("id").first()
    assert changed.detail == {"fields": ["email", "first_name", "last_name"]}
    admin_change = AuditEntry.objects.filter(actor=walk.operator, action="admin.object_changed").order_by("id").first()
    assert admin_change.target_type == "jobly.profile" and "Headline" in admin_change.detail["fields"]
    action = AuditEntry.objects.get(action="admin.action_run")
    assert action.detail == {"action": "requeue_jobs", "count": 1}


def test_record_refuses_unknown_actions_secret_looking_details_and_big_details(user):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("account.hacked", actor=user)
    for key in ("password", "new_password", "api_key", "secret", "token", "session_cookie"):
        with pytest.raises(ValueError, match="looks like a secret"):
            audit.record("account.settings_changed", actor=user, detail={key: "x"})
    with pytest.raises(ValueError, match="larger than 2 KB"):
        audit.record("account.settings_changed", actor=user, detail={f"field{n}": "y" * 150 for n in range(20)})
    entry = audit.record("account.settings_changed", actor=user, detail={"fields": ["a" * 500]})
    assert entry.detail == {"fields": ["a" * 200]} and entry.ip_address is None and entry.request_id == ""
    assert AuditEntry.objects.count() == 1


def test_apps_register_their_own_action_codes(user, monkeypatch):
    monkeypatch.setitem(audit.ACTIONS, "tracking.exported", {"label": "Applications exported", "when": ""})
    assert audit.record("tracking.exported", actor=user).action == "tracking.exported"
    assert audit.label_for("tracking.exported") == "Applications exported"


def test_the_api_lists_only_your_own_entries_newest_first_paginated(auth_client, user, other_user):
    for _ in range(30):
        audit.record("profile.exported", actor=user)
    audit.record("resume.uploaded", actor=other_user, detail={"kind": "their-secret-kind"})
    first = auth_client.get("/api/audit-log").json()
    assert first["count"] == 30 and len(first["results"]) == 25 and first["next"]
    assert first["results"][0]["id"] > first["results"][1]["id"]
    assert first["results"][0]["label"] == "Profile exported"
    assert "their-secret-kind" not in str(first) + str(auth_client.get("/api/audit-log?page=2").json())
    assert auth_client.get("/api/audit-log?action=resume.uploaded").json()["count"] == 0


def test_the_api_needs_a_sign_in(api_client):
    assert api_client.get("/api/audit-log").status_code in (401, 403)


def test_the_security_log_page_shows_your_entries_only(logged_in_client, user, other_user):
    audit.record("api_token.created", actor=user, detail={"name": "my laptop", "prefix": "jbl_abcdef"})
    audit.record("api_token.created", actor=other_user, detail={"name": "their-secret-laptop"})
    page = logged_in_client.get("/settings/security-log/").content.decode()
    assert "API token created “my laptop”" in page and "their-secret-laptop" not in page
    assert "Kept for 365 days" in page


def test_operators_see_all_entries_read_only_in_the_admin(client, user):
    entry = audit.record("profile.exported", actor=user)
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert user.username in client.get("/admin/jobly/auditentry/").content.decode()
    assert client.get(f"/admin/jobly/auditentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/jobly/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/jobly/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
