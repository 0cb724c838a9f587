"""Pages: webhook endpoints (list and create, the secret shown once; detail with the delivery log and
its buttons), notification preferences, and the one-click unsubscribe that needs no sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jobly.errors import DomainError, NotFound
from jobly.models import WebhookDelivery, WebhookEndpoint
from jobly.notifications import endpoints as services, preferences as preference_services
from jobly.notifications.email import read_unsubscribe_token
from jobly.notifications.forms import NotificationPreferenceForm, WebhookEndpointForm

DELIVERIES_SHOWN = 50
PREFERENCE_LABELS = {"new_matches": "new-match e-mails", "reminders": "reminder e-mails", "weekly_digest": "the weekly digest"}


def _endpoint_or_404(user, endpoint_id):
    endpoint = WebhookEndpoint.objects.for_user(user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook endpoint.")
    return endpoint


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_list(request):
    form = WebhookEndpointForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, new_secret = services.create_endpoint(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Endpoint added. Copy the signing secret now: it will not be shown again.")
            form = WebhookEndpointForm()
    endpoints = WebhookEndpoint.objects.for_user(request.user)
    context = {"form": form, "endpoints": endpoints, "new_secret": new_secret}
    return render(request, "notifications/webhooks.html", context, status=400 if form.errors else 200)


@login_required
def endpoint_detail(request, endpoint_id):
    endpoint = _endpoint_or_404(request.user, endpoint_id)
    deliveries = (WebhookDelivery.objects.for_user(request.user).filter(endpoint=endpoint)
                  .prefetch_related("attempt_log").order_by("-created_at", "-id")[:DELIVERIES_SHOWN])
    return render(request, "notifications/webhook_detail.html", {"endpoint": endpoint, "deliveries": deliveries})


def _endpoint_action(request, endpoint_id, act, success):
    endpoint = _endpoint_or_404(request.user, endpoint_id)
    try:
        result = act(endpoint)
    except NotFound:
        raise Http404("No such webhook endpoint.") from None
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return result


@login_required
@require_POST
def endpoint_test(request, endpoint_id):
    _endpoint_action(request, endpoint_id, lambda e: services.send_test_event(user=request.user, endpoint_id=e.pk),
                     "Test event queued; it shows in the delivery log below.")
    return redirect("notifications:endpoint", endpoint_id=endpoint_id)


@login_required
@require_POST
def endpoint_rotate(request, endpoint_id):
    result = _endpoint_action(request, endpoint_id, lambda e: services.rotate_secret(user=request.user, endpoint_id=e.pk),
                              "New secret made. The old one still signs during the grace period.")
    if result is None:
        return redirect("notifications:endpoint", endpoint_id=endpoint_id)
    endpoint, secret = result
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("attempt_log")[:DELIVERIES_SHOWN]
    return render(request, "notifications/webhook_detail.html", {"endpoint": endpoint, "deliveries": deliveries, "new_secret": secret})


@login_required
@require_POST
def endpoint_toggle(request, endpoint_id):
    endpoint = _endpoint_or_404(request.user, endpoint_id)
    _endpoint_action(request, endpoint_id,
                     lambda e: services.update_endpoint(user=request.user, endpoint_id=e.pk, is_active=not e.is_active),
                     "Endpoint turned off." if endpoint.is_active else "Endpoint turned on.")
    return redirect("notifications:endpoint", endpoint_id=endpoint_id)


@login_required
@require_POST
def endpoint_delete(request, endpoint_id):
    _endpoint_action(request, endpoint_id, lambda e: services.delete_endpoint(user=request.user, endpoint_id=e.pk),
                     "Endpoint removed.")
    return redirect("notifications:endpoints")


@login_required
@require_POST
def delivery_resend(request, endpoint_id, delivery_id):
    endpoint = _endpoint_or_404(request.user, endpoint_id)
    if not WebhookDelivery.objects.for_user(request.user).filter(pk=delivery_id, endpoint=endpoint).exists():
        raise Http404("No such delivery.")
    _endpoint_action(request, endpoint_id, lambda e: services.resend_delivery(user=request.user, delivery_id=delivery_id),
                     "Delivery queued again.")
    return redirect("notifications:endpoint", endpoint_id=endpoint_id)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = preference_services.preferences_for(request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=type(preference).objects.get(pk=preference.pk))
    if request.method == "POST" and form.is_valid():
        preference_services.update_preferences(user=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, "Notification settings saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: the mail client POSTs without a session; the signed token is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a confirmation button; POST (the button, or a mail client's one-click) unsubscribes."""
    try:
        user_id, preference_name = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    label = PREFERENCE_LABELS[preference_name]
    if request.method == "POST":
        preference_services.unsubscribe(user_id=user_id, preference_name=preference_name)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token})
