"""Account settings: the service records which fields changed; the API and the page use it."""

import pytest

from jobly import account
from jobly.errors import DomainError
from jobly.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_update_records_the_changed_field_names_only(user):
    account.update_account_settings(user=user, email="new@example.org", first_name=user.first_name)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    entry = AuditEntry.objects.get(action="account.settings_changed")
    assert entry.detail == {"fields": ["email"]} and "new@example.org" not in str(entry.detail)
    account.update_account_settings(user=user, email="new@example.org")
    assert AuditEntry.objects.count() == 1  # nothing changed, nothing recorded


def test_update_refuses_other_fields_and_bad_addresses(user):
    with pytest.raises(DomainError) as error:
        account.update_account_settings(user=user, is_staff=True)
    assert error.value.code == "invalid_fields"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        account.update_account_settings(user=user, email="not an address")
    user.refresh_from_db()
    assert not user.is_staff and "@" in user.email and not AuditEntry.objects.exists()


def test_the_api_reads_and_patches_your_own_account(auth_client, user):
    assert auth_client.get("/api/account").json()["username"] == user.username
    changed = auth_client.patch("/api/account", {"first_name": "Ada", "username": "renamed", "is_staff": True}, format="json")
    assert changed.status_code == 200 and changed.json()["first_name"] == "Ada" and changed.json()["username"] == user.username
    user.refresh_from_db()
    assert user.username != "renamed" and not user.is_staff
    bad = auth_client.patch("/api/account", {"email": "nope"}, format="json")
    assert bad.status_code == 400 and "email" in bad.json()["error"]["details"]


def test_the_api_needs_a_sign_in(api_client):
    assert api_client.get("/api/account").status_code in (401, 403)
    assert api_client.patch("/api/account", {"first_name": "X"}, format="json").status_code in (401, 403)


def test_the_page_saves_and_shows_errors(logged_in_client, user):
    assert "Account settings" in logged_in_client.get("/settings/account/").content.decode()
    bad = logged_in_client.post("/settings/account/", {"email": "not an address", "first_name": "", "last_name": ""})
    assert bad.status_code == 400 and "form-error" in bad.content.decode()
    assert logged_in_client.post("/settings/account/", {"email": "me@example.org", "first_name": "Me", "last_name": ""}).status_code == 302
    user.refresh_from_db()
    assert user.email == "me@example.org"
