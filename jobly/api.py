"""Core API: API tokens, background jobs, events, and the diagnostic job."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from jobly import background
from jobly.api_conventions import OwnedQuerysetMixin
from jobly.models import ApiToken, BackgroundJob, Event
from jobly.tokens import create_token, revoke_token


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class ApiTokenViewSet(
    OwnedQuerysetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your API tokens. Creating one returns its key once; deleting revokes it."""

    owned_model = ApiToken
    serializer_class = ApiTokenSerializer
    filterset_fields = []
    ordering_fields = ["created_at", "last_used_at", "name"]

    @extend_schema(request=ApiTokenSerializer, responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, raw_key = create_token(user=request.user, name=serializer.validated_data["name"])
        body = NewApiTokenSerializer(token).data | {"key": raw_key}
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        revoke_token(user=request.user, token_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BackgroundJobSerializer(serializers.ModelSerializer):
    job_id = serializers.IntegerField(source="pk", read_only=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = BackgroundJob
        fields = [
            "id", "job_id", "type", "status", "progress", "message", "params", "result", "error",
            "attempts", "max_attempts", "cancel_requested", "created_at", "started_at", "finished_at",
            "heartbeat_at", "duration_seconds",
        ]
        read_only_fields = fields


class AcceptedJobSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()
    type = serializers.CharField()
    status = serializers.CharField()
    message = serializers.CharField()


def accepted(job, created):
    """The 202 body every job-starting endpoint answers (200 when an identical job was running)."""
    body = {"job_id": job.pk, "type": job.type, "status": job.status, "message": job.message}
    return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class BackgroundJobViewSet(OwnedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Your background jobs, newest first. Filter with `?status=` and `?type=`."""

    owned_model = BackgroundJob
    serializer_class = BackgroundJobSerializer
    filterset_fields = ["status", "type"]
    ordering_fields = ["created_at", "finished_at"]

    def scope_queryset(self, queryset):
        return queryset.order_by("-created_at", "-id")

    @extend_schema(request=None, responses={200: BackgroundJobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = background.request_cancel(user=request.user, job_id=self.get_object().pk)
        return Response(BackgroundJobSerializer(job).data)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "type", "created_at", "data"]


class EventListView(APIView):
    """Events after `?after=ID`, oldest first, in the WebSocket's wire format (at most 500)."""

    @extend_schema(
        parameters=[OpenApiParameter("after", int, description="Return events with a larger id.")],
        responses={200: inline_serializer("EventList", {"events": EventSerializer(many=True)})},
    )
    def get(self, request):
        raw_after = request.query_params.get("after", "0")
        try:
            after = int(raw_after)
            if after < 0:
                raise ValueError
        except ValueError:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"after": ["Must be a whole number ≥ 0."]}) from None
        events = Event.objects.for_user(request.user).filter(id__gt=after).order_by("id")[:500]
        return Response({"events": [event.to_wire() for event in events]})


class WarmupSerializer(serializers.Serializer):
    steps = serializers.IntegerField(min_value=1, max_value=1000, default=5)
    step_seconds = serializers.FloatField(min_value=0, max_value=30, default=0.5)


class WarmupView(APIView):
    """Start the diagnostic warm-up job (walks through short steps with progress)."""

    @extend_schema(request=WarmupSerializer, responses={202: AcceptedJobSerializer, 200: AcceptedJobSerializer})
    def post(self, request):
        serializer = WarmupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job, created = background.enqueue(user=request.user, type="diagnostic.warmup", params=serializer.validated_data)
        return accepted(job, created)


router = SimpleRouter(trailing_slash=False)
router.register("tokens", ApiTokenViewSet, basename="api-token")
router.register("background-jobs", BackgroundJobViewSet, basename="background-job")
