"""The webhooks and preferences API: the secret once, strict bodies, owner-only (404 for other users'
ids), test events and re-sends queued for the worker, audited changes, standard error bodies."""

import pytest

from jobly.models import AuditEntry, WebhookDelivery, WebhookEndpoint
from tests.factories import DeliveryAttemptFactory, WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db
URL = "https://hooks.example.com/jobly"


def _create(auth_client, **body):
    return auth_client.post("/api/webhooks/endpoints", {"url": URL, "event_types": ["match.new"], **body}, format="json")


def test_create_returns_the_secret_once_and_never_again(auth_client, user):
    response = _create(auth_client, description="Zapier")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_") and body["event_types"] == ["match.new"] and body["is_active"] is True
    endpoint = WebhookEndpoint.objects.get(owner=user)
    assert endpoint.secret == body["secret"]
    assert "secret" not in auth_client.get(f"/api/webhooks/endpoints/{endpoint.pk}").json()
    assert body["secret"] not in auth_client.get("/api/webhooks/endpoints").content.decode()
    entry = AuditEntry.objects.get(actor=user, action="webhook.endpoint_changed")
    assert entry.detail["change"] == "created" and body["secret"] not in str(entry.detail)


@pytest.mark.parametrize("body, field, code", [
    ({"url": "http://127.0.0.1:6379/"}, "url", "url_not_allowed"),
    ({"url": "http://hooks.example.com:6379/"}, "url", "port_not_allowed"),
    ({"url": "file:///etc/passwd"}, "url", "scheme_not_allowed"),
    ({"url": "https://hooks.example.com/\r\nX: 1"}, "url", "url_not_allowed"),
    ({"event_types": []}, "event_types", "invalid"),
    ({"event_types": ["match.new", "nope.never"]}, "event_types", "invalid"),
    ({"secret": "whsec_mine"}, "secret", "invalid"),
    ({"consecutive_failures": 0}, "consecutive_failures", "invalid"),
    ({"owner": 1}, "owner", "invalid"),
])
def test_bad_or_read_only_fields_are_refused_naming_the_field(auth_client, body, field, code):
    response = _create(auth_client, **body)
    assert response.status_code in (400, 422), response.content
    error = response.json()["error"]
    assert field in error["details"] and error["code"] in (code, "invalid")
    assert not WebhookEndpoint.objects.exists()


def test_a_private_url_is_refused_at_submit_unless_the_operator_allows_it(auth_client, settings):
    for url in ("http://127.0.0.1/", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/",
                "http://[::ffff:127.0.0.1]/", "http://2130706433/"):
        response = _create(auth_client, url=url)
        assert response.status_code == 422, (url, response.content)
        assert response.json()["error"]["code"] == "url_not_allowed" and "url" in response.json()["error"]["details"]
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1:9999"]
    assert _create(auth_client, url="http://127.0.0.1:9999/hook").status_code == 201


def test_patch_rotate_and_delete(auth_client, user):
    endpoint_id = _create(auth_client).json()["id"]
    old_secret = WebhookEndpoint.objects.get(pk=endpoint_id).secret
    response = auth_client.patch(f"/api/webhooks/endpoints/{endpoint_id}", {"event_types": ["feed.failed", "match.new"],
                                                                           "is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["event_types"] == ["feed.failed", "match.new"]
    assert response.json()["disabled_reason"] == "by_user"
    rotated = auth_client.post(f"/api/webhooks/endpoints/{endpoint_id}/rotate-secret")
    assert rotated.status_code == 200
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert rotated.json()["secret"] == endpoint.secret != old_secret
    assert endpoint.signing_secrets() == [endpoint.secret, old_secret]
    assert AuditEntry.objects.filter(actor=user, action="webhook.secret_rotated").count() == 1
    assert auth_client.delete(f"/api/webhooks/endpoints/{endpoint_id}").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert AuditEntry.objects.filter(actor=user, action="webhook.endpoint_changed").count() == 3


def test_send_test_and_resend_queue_a_delivery(auth_client, user, django_capture_on_commit_callbacks):
    endpoint_id = _create(auth_client).json()["id"]
    with django_capture_on_commit_callbacks() as callbacks:
        response = auth_client.post(f"/api/webhooks/endpoints/{endpoint_id}/test")
    assert response.status_code == 202 and response.json()["event_type"] == "webhook.test"
    assert len(callbacks) == 1  # the delivery task, sent after commit
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="dead", next_attempt_at=None)
    with django_capture_on_commit_callbacks() as callbacks:
        resent = auth_client.post(f"/api/webhooks/deliveries/{delivery.pk}/resend")
    assert resent.status_code == 202 and resent.json()["status"] == "pending" and len(callbacks) == 1
    assert resent.json()["message_id"] == delivery.message_id


def test_a_turned_off_endpoint_refuses_test_events_with_409(auth_client):
    endpoint_id = _create(auth_client, is_active=False).json()["id"]
    response = auth_client.post(f"/api/webhooks/endpoints/{endpoint_id}/test")
    assert response.status_code == 409 and response.json()["error"]["code"] == "endpoint_disabled"


def test_deliveries_list_filters_by_endpoint_and_the_detail_has_the_attempt_log(auth_client, user):
    first, second = WebhookEndpointFactory(owner=user), WebhookEndpointFactory(owner=user)
    delivery = WebhookDeliveryFactory(endpoint=first)
    WebhookDeliveryFactory(endpoint=second)
    DeliveryAttemptFactory(delivery=delivery, number=1, status_code=500, error_code="http_500")
    listed = auth_client.get(f"/api/webhooks/deliveries?endpoint={first.pk}").json()
    assert [row["id"] for row in listed["results"]] == [delivery.pk]
    detail = auth_client.get(f"/api/webhooks/deliveries/{delivery.pk}").json()
    assert detail["attempt_log"][0]["status_code"] == 500 and detail["body"] == delivery.body
    assert auth_client.get("/api/webhooks/deliveries?endpoint=x").status_code == 400


def test_another_users_endpoints_and_deliveries_are_404(auth_client, other_user):
    theirs = WebhookEndpointFactory(owner=other_user, description="their-secret-desc")
    delivery = WebhookDeliveryFactory(endpoint=theirs)
    for method, path in [("get", f"/api/webhooks/endpoints/{theirs.pk}"), ("patch", f"/api/webhooks/endpoints/{theirs.pk}"),
                         ("delete", f"/api/webhooks/endpoints/{theirs.pk}"),
                         ("post", f"/api/webhooks/endpoints/{theirs.pk}/rotate-secret"),
                         ("post", f"/api/webhooks/endpoints/{theirs.pk}/test"),
                         ("get", f"/api/webhooks/deliveries/{delivery.pk}"),
                         ("post", f"/api/webhooks/deliveries/{delivery.pk}/resend")]:
        response = getattr(auth_client, method)(path, {}, format="json")
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    assert auth_client.get("/api/webhooks/endpoints").json()["results"] == []
    assert auth_client.get("/api/webhooks/deliveries").json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.is_active and WebhookEndpoint.objects.get(pk=theirs.pk).secret == theirs.secret


def test_preferences_read_defaults_and_change_strictly(auth_client, user):
    assert auth_client.get("/api/notification-preferences").json() | {"updated_at": None} == {
        "new_matches": True, "match_threshold": 80.0, "reminders": True, "weekly_digest": True,
        "matches_emailed_at": None, "updated_at": None}
    response = auth_client.patch("/api/notification-preferences", {"match_threshold": 90, "weekly_digest": False}, format="json")
    assert response.status_code == 200 and response.json()["match_threshold"] == 90 and response.json()["weekly_digest"] is False
    assert AuditEntry.objects.get(actor=user, action="notifications.preferences_changed").detail == {
        "fields": ["match_threshold", "weekly_digest"]}
    for bad in ({"match_threshold": 101}, {"match_threshold": "NaN"}, {"weekly_digest": "yes please"}, {"user": 5},
                {"matches_cursor": 0}):
        refused = auth_client.patch("/api/notification-preferences", bad, format="json")
        assert refused.status_code == 400, (bad, refused.content)
        assert set(refused.json()["error"]["details"]) == set(bad)


def test_the_event_types_an_endpoint_can_take(auth_client):
    types = auth_client.get("/api/webhooks/event-types").json()["event_types"]
    assert {"match.new", "application.status_change", "application.reminder", "webhook.disabled"} <= set(types)
    assert "webhook.test" not in types


def test_anonymous_callers_get_401_or_403(api_client):
    for path in ("/api/webhooks/endpoints", "/api/webhooks/deliveries", "/api/notification-preferences"):
        assert api_client.get(path).status_code in (401, 403)
