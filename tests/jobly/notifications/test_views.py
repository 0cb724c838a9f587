"""Pages: add an endpoint (the secret shown once), its detail with the delivery log and buttons, the
preferences form; other users' endpoints are 404."""

import pytest

from jobly.models import NotificationPreference, WebhookDelivery, WebhookEndpoint
from tests.factories import DeliveryAttemptFactory, WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db


def test_adding_an_endpoint_shows_the_secret_once(logged_in_client, user):
    response = logged_in_client.post("/settings/webhooks/", {"url": "https://hooks.example.com/a", "description": "CRM",
                                                             "event_types": ["match.new", "application.status_change"]})
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get(owner=user)
    assert endpoint.secret in response.content.decode()
    assert endpoint.event_types == ["application.status_change", "match.new"]
    for page in ("/settings/webhooks/", f"/settings/webhooks/{endpoint.pk}/"):
        assert endpoint.secret not in logged_in_client.get(page).content.decode()


def test_a_refused_url_is_a_form_error(logged_in_client):
    response = logged_in_client.post("/settings/webhooks/", {"url": "http://169.254.169.254/", "event_types": ["match.new"]})
    assert response.status_code == 400 and "not public" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_detail_page_shows_the_log_and_its_buttons_work(logged_in_client, user, django_capture_on_commit_callbacks):
    endpoint = WebhookEndpointFactory(owner=user)
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status="failed")
    DeliveryAttemptFactory(delivery=delivery, number=1, status_code=503, response_excerpt="upstream busy")
    page = logged_in_client.get(f"/settings/webhooks/{endpoint.pk}/").content.decode()
    assert delivery.message_id in page and "HTTP 503" in page and "upstream busy" in page
    with django_capture_on_commit_callbacks():
        logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/test/")
    assert WebhookDelivery.objects.filter(endpoint=endpoint, event_type="webhook.test").count() == 1
    rotated = logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/rotate-secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret in rotated.content.decode() and endpoint.previous_secret
    logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/toggle/")
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason == "by_user"
    resend = logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/resend/", follow=True)
    assert "turned off" in resend.content.decode()  # refused while the endpoint is off
    logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/toggle/")
    with django_capture_on_commit_callbacks():
        logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/resend/")
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    logged_in_client.post(f"/settings/webhooks/{endpoint.pk}/delete/")
    assert not WebhookEndpoint.objects.exists()


def test_another_users_endpoint_pages_are_404(logged_in_client, other_user):
    theirs = WebhookEndpointFactory(owner=other_user)
    delivery = WebhookDeliveryFactory(endpoint=theirs)
    assert logged_in_client.get(f"/settings/webhooks/{theirs.pk}/").status_code == 404
    for action in ("test", "rotate-secret", "toggle", "delete", f"deliveries/{delivery.pk}/resend"):
        assert logged_in_client.post(f"/settings/webhooks/{theirs.pk}/{action}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and not theirs.previous_secret


def test_the_preferences_page_saves_and_validates(logged_in_client, user):
    assert "weekly digest" in logged_in_client.get("/settings/notifications/").content.decode()
    response = logged_in_client.post("/settings/notifications/", {"new_matches": "on", "match_threshold": "88"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert preference.new_matches and preference.match_threshold == 88
    assert not preference.reminders and not preference.weekly_digest
    bad = logged_in_client.post("/settings/notifications/", {"match_threshold": "150"})
    assert bad.status_code == 400
    assert NotificationPreference.objects.get(user=user).match_threshold == 88


def test_pages_need_a_sign_in(client):
    for path in ("/settings/webhooks/", "/settings/notifications/"):
        assert client.get(path).status_code == 302
