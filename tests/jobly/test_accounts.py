"""Sign up, log in, log out, password change (server-rendered), and API tokens."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from jobly.models import ApiToken

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_account_and_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "a-long-unusual-pass-42", "password2": "a-long-unusual-pass-42"},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert get_user_model().objects.filter(username="newbie").exists()
    assert client.get("/").status_code == 200


def test_sign_up_with_mismatched_passwords_shows_the_error_and_creates_nothing(client):
    response = client.post("/accounts/signup/", {"username": "x1", "password1": "abc-def-ghi-1", "password2": "nope"})
    assert response.status_code == 200
    assert b"form-error" in response.content
    assert not get_user_model().objects.filter(username="x1").exists()


def test_login_and_logout(client, user, password):
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content


def test_pages_require_login(client):
    for path in ("/", "/settings/tokens/", "/background-jobs/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_change(client, user, password):
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": "brand-new-pass-9876", "new_password2": "brand-new-pass-9876"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass-9876")


def test_token_created_on_the_settings_page_is_shown_once_and_authenticates(client, user):
    client.force_login(user)
    response = client.post("/settings/tokens/", {"name": "my script"})
    key = response.context["new_key"]
    assert key.startswith("jbl_")
    token = ApiToken.objects.get(owner=user)
    assert token.key_hash != key and key not in token.key_hash
    assert key not in client.get("/settings/tokens/").content.decode()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/background-jobs").status_code == 200


def test_revoked_token_no_longer_authenticates(client, user):
    client.force_login(user)
    key = client.post("/settings/tokens/", {"name": "temp"}).context["new_key"]
    token = ApiToken.objects.get(owner=user)
    client.post(f"/settings/tokens/{token.pk}/revoke/")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.get("/api/background-jobs")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_token_api_create_list_revoke(auth_client, user):
    created = auth_client.post("/api/tokens", {"name": "ci"}, format="json")
    assert created.status_code == 201
    key = created.json()["key"]
    listed = auth_client.get("/api/tokens").json()["results"]
    assert [item["name"] for item in listed] == ["ci"]
    assert "key" not in listed[0]
    assert auth_client.delete(f"/api/tokens/{created.json()['id']}").status_code == 204
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/tokens").status_code == 401


def test_another_users_token_cannot_be_revoked(auth_client, other_user):
    from jobly.tokens import create_token

    token, _ = create_token(user=other_user, name="theirs")
    assert auth_client.delete(f"/api/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_users_token_cannot_be_revoked_from_the_page(client, user, other_user):
    from jobly.tokens import create_token

    token, _ = create_token(user=other_user, name="theirs")
    client.force_login(user)
    client.post(f"/settings/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer not-a-real-token"])
def test_malformed_or_unknown_tokens_are_401(header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get("/api/background-jobs").status_code == 401
