"""Webhooks and notification preferences API: endpoints (CRUD, rotate the secret, send a test event),
deliveries with their attempt log (re-send by hand), and the e-mail preferences. Owner-only: another
user's ids are simply not in the querysets (404)."""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from jobly.api_conventions import FetchableURLField, OwnedQuerysetMixin
from jobly.models import DeliveryAttempt, NotificationPreference, WebhookDelivery, WebhookEndpoint
from jobly.notifications import endpoints as services, preferences as preference_services


class RejectUnknownFieldsMixin:
    """A body field the serializer does not know is a 400 naming it (a typo never passes silently)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - {name for name, field in self.fields.items() if not field.read_only})
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown})
        return super().to_internal_value(data)


class EventTypesField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(max_length=64), min_length=1, max_length=50, **kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        unknown = sorted(set(values) - set(services.subscribable_types()))
        if unknown:
            raise serializers.ValidationError(f"Unknown event types: {', '.join(unknown)}.")
        return sorted(set(values))


class WebhookEndpointSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    url = FetchableURLField(max_length=2000)
    event_types = EventTypesField()
    disabled_reason = serializers.CharField(read_only=True)
    rotation_grace_until = serializers.DateTimeField(source="previous_secret_valid_until", read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "event_types", "is_active", "consecutive_failures", "disabled_reason",
                  "disabled_at", "rotation_grace_until", "created_at", "updated_at"]
        read_only_fields = ["id", "consecutive_failures", "disabled_reason", "disabled_at", "created_at", "updated_at"]
        extra_kwargs = {"description": {"max_length": 200, "required": False}}


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.SerializerMethodField(help_text="The signing secret (whsec_…): shown in this answer only.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]

    def get_secret(self, endpoint) -> str:
        return self.context["secret"]


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "started_at", "status_code", "duration_ms", "response_excerpt", "error_code", "error", "succeeded"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "endpoint", "event_id", "message_id", "event_type", "status", "attempts", "next_attempt_at",
                  "last_status_code", "last_error", "created_at", "succeeded_at"]
        read_only_fields = fields


class WebhookDeliveryDetailSerializer(WebhookDeliverySerializer):
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)
    body = serializers.CharField(read_only=True)

    class Meta(WebhookDeliverySerializer.Meta):
        fields = [*WebhookDeliverySerializer.Meta.fields, "body", "attempt_log"]
        read_only_fields = fields


class WebhookEndpointViewSet(OwnedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your webhook endpoints. The signing secret is in the answer to create and rotate-secret only."""

    owned_model = WebhookEndpoint
    serializer_class = WebhookEndpointSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=WebhookEndpointSerializer, responses={201: WebhookEndpointWithSecretSerializer})
    def create(self, request, *args, **kwargs):
        serializer = WebhookEndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoint, secret = services.create_endpoint(user=request.user, url=data["url"], event_types=data["event_types"],
                                                    description=data.get("description", ""))
        if data.get("is_active") is False:
            endpoint = services.update_endpoint(user=request.user, endpoint_id=endpoint.pk, is_active=False)
        body = WebhookEndpointWithSecretSerializer(endpoint, context={"secret": secret}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        serializer.instance = services.update_endpoint(user=self.request.user, endpoint_id=serializer.instance.pk,
                                                       **serializer.validated_data)

    def perform_destroy(self, instance):
        services.delete_endpoint(user=self.request.user, endpoint_id=instance.pk)

    @extend_schema(request=None, responses={200: WebhookEndpointWithSecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new secret; the old one still signs (a second signature) for WEBHOOK_SECRET_GRACE_HOURS."""
        endpoint, secret = services.rotate_secret(user=request.user, endpoint_id=self.get_object().pk)
        return Response(WebhookEndpointWithSecretSerializer(endpoint, context={"secret": secret}).data)

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"], url_path="test")
    def send_test(self, request, pk=None):
        """Send a `webhook.test` event to this endpoint (202: the worker sends it; see its deliveries)."""
        delivery = services.send_test_event(user=request.user, endpoint_id=self.get_object().pk)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryViewSet(OwnedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Deliveries to your endpoints, newest first (`?endpoint=ID`); the detail has the attempt log."""

    owned_model = WebhookDelivery
    serializer_class = WebhookDeliverySerializer
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_serializer_class(self):
        return WebhookDeliveryDetailSerializer if self.action == "retrieve" else WebhookDeliverySerializer

    def scope_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset.prefetch_related("attempt_log")
        endpoint = self.request.query_params.get("endpoint")
        if endpoint is not None:
            if not (endpoint.isascii() and endpoint.isdigit()):
                raise serializers.ValidationError({"endpoint": ["An endpoint id."]})
            queryset = queryset.filter(endpoint_id=int(endpoint))
        return queryset.order_by("-created_at", "-id")

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Send this delivery again (the same webhook-id and body); 409 while an attempt is in flight."""
        delivery = services.resend_delivery(user=request.user, delivery_id=self.get_object().pk)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class NotificationPreferenceSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    match_threshold = serializers.FloatField(min_value=0, max_value=100, required=False)

    class Meta:
        model = NotificationPreference
        fields = ["new_matches", "match_threshold", "reminders", "weekly_digest", "matches_emailed_at", "updated_at"]
        read_only_fields = ["matches_emailed_at", "updated_at"]


class NotificationPreferenceView(APIView):
    """Which e-mails you get: new matches (and their score threshold), reminders and the weekly digest."""

    @extend_schema(responses=NotificationPreferenceSerializer)
    def get(self, request):
        return Response(NotificationPreferenceSerializer(preference_services.preferences_for(request.user)).data)

    @extend_schema(request=NotificationPreferenceSerializer, responses=NotificationPreferenceSerializer)
    def patch(self, request):
        serializer = NotificationPreferenceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preference = preference_services.update_preferences(user=request.user, **serializer.validated_data)
        return Response(NotificationPreferenceSerializer(preference).data)


EVENT_TYPES_SERIALIZER = inline_serializer("WebhookEventTypes", {"event_types": serializers.ListField(child=serializers.CharField())})


class WebhookEventTypesView(APIView):
    """The event types an endpoint can subscribe to."""

    @extend_schema(responses=EVENT_TYPES_SERIALIZER)
    def get(self, request):
        return Response({"event_types": services.subscribable_types()})


router = SimpleRouter(trailing_slash=False)
router.register("webhooks/endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("webhooks/deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")
urlpatterns = [
    path("webhooks/event-types", WebhookEventTypesView.as_view(), name="api-webhook-event-types"),
    path("notification-preferences", NotificationPreferenceView.as_view(), name="api-notification-preferences"),
]
