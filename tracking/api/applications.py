"""Applications API: list with filters, create (a tracked posting or one entered by hand), detail, edit,
delete; status moves, notes, interviews, the timeline and the snapshot. Interviews: list and delete."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jobly.api_conventions import OwnedQuerysetMixin, validated_filters
from jobly.errors import NotFound
from tracking import pipeline, selectors
from tracking.forms import ApplicationFilterForm
from tracking.models import Activity, Application, Interview, Snapshot
from tracking.services import applications as services, pipeline as pipeline_services, timeline

MAX_ID = 2_147_483_647
INITIAL_STATUS_CHOICES = [(pipeline.SAVED, pipeline.SAVED), (pipeline.APPLIED, pipeline.APPLIED)]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    role = serializers.CharField(max_length=200, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    link = serializers.URLField(max_length=2000, allow_blank=True, required=False)


class ApplicationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(read_only=True)
    allowed_moves = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True, required=False, max_length=20)
    # Empty when the posting had no address, so not format "uri" in the schema.
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        model = Application
        fields = [
            "id", "job", "profile", "packet_id", "packet_design", "title", "company", "url", "status", "status_label",
            "allowed_moves", "source", "priority", "match_score", "salary_discussed", "notes", "contacts",
            "next_action", "next_action_due", "saved_at", "applied_at", "first_response_at", "last_response_at",
            "reached_interview_at", "reached_offer_at", "accepted_at", "closed_at", "status_changed_at",
            "ghost_suggested_at", "created_at", "updated_at",
        ]
        read_only_fields = [
            "id", "job", "profile", "packet_id", "packet_design", "status", "status_label", "allowed_moves",
            "match_score", "saved_at", "applied_at", "first_response_at", "last_response_at", "reached_interview_at",
            "reached_offer_at", "accepted_at", "closed_at", "status_changed_at", "ghost_suggested_at", "created_at",
            "updated_at",
        ]
        extra_kwargs = {"notes": {"max_length": 50_000}}

    def get_allowed_moves(self, application) -> list[str]:
        return pipeline.allowed_moves(application.status)


class CreateApplicationSerializer(serializers.Serializer):
    """Track a posting (`job`), or enter one found elsewhere (`title`, and optionally company, url, description)."""

    job = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    profile = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    title = serializers.CharField(required=False, max_length=300)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000, default="")
    description = serializers.CharField(required=False, allow_blank=True, max_length=100_000, default="")
    source = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    status = serializers.ChoiceField(choices=INITIAL_STATUS_CHOICES, default=pipeline.SAVED)
    priority = serializers.ChoiceField(choices=Application.Priority.choices, default=Application.Priority.NORMAL)

    def validate(self, attrs):
        if not attrs.get("job") and not attrs.get("title"):
            raise serializers.ValidationError({"job": ["Give a posting id, or a title for a posting found elsewhere."]})
        if attrs.get("job") and attrs.get("title"):
            raise serializers.ValidationError({"title": ["Give either job or title, not both."]})
        return attrs


class StatusChangeSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=pipeline.STATUS_CHOICES)
    expect = serializers.ChoiceField(choices=pipeline.STATUS_CHOICES, required=False,
                                     help_text="The status you saw; 409 status_changed when it moved since.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000, default="")


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10_000)
    kind = serializers.ChoiceField(choices=[("note", "note"), ("email", "email")], default="note",
                                   help_text="email: an e-mail sent or received, logged by hand.")


class ActivitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "application", "kind", "kind_label", "text", "data", "created_at"]
        read_only_fields = fields


class InterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = ["id", "application", "scheduled_at", "duration_minutes", "kind", "location", "notes", "created_at"]
        read_only_fields = ["id", "application", "created_at"]
        extra_kwargs = {"duration_minutes": {"min_value": 5, "max_value": 24 * 60}, "notes": {"max_length": 10_000}}


class SnapshotSerializer(serializers.ModelSerializer):
    posting_url = serializers.CharField(read_only=True)

    class Meta:
        model = Snapshot
        fields = ["id", "application", "taken_at", "posting_id", "posting_title", "posting_company", "posting_url",
                  "posting_text", "posting_content_hash", "profile_name", "match_score", "match_summary",
                  "match_reasons", "match_components", "packet"]
        read_only_fields = fields


APPLICATION_FILTER_PARAMETERS = [
    OpenApiParameter("status", str, enum=list(pipeline.LABELS), many=True),
    OpenApiParameter("q", str, description="Part of the title, company or notes."),
    OpenApiParameter("source", str),
    OpenApiParameter("profile", int),
    OpenApiParameter("priority", int, enum=[1, 2, 3]),
    OpenApiParameter("min_score", float, description="Match score at least this (0–100)."),
    OpenApiParameter("applied_since", OpenApiTypes.DATE),
    OpenApiParameter("overdue", bool, description="Only open applications past their next action."),
    OpenApiParameter("ordering", str, enum=list(selectors.ORDERINGS)),
]


class ApplicationViewSet(OwnedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your applications. Status moves only through `POST /api/applications/{id}/status`."""

    owned_model = Application
    serializer_class = ApplicationSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if self.action == "list":
            return selectors.applications_for_user(
                self.request.user, **validated_filters(ApplicationFilterForm, self.request.query_params))
        return Application.objects.for_user(self.request.user)

    @extend_schema(parameters=APPLICATION_FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CreateApplicationSerializer, responses={200: ApplicationSerializer, 201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        """Track a posting (200 with the existing application when it is tracked already) or enter one by hand."""
        serializer = CreateApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        common = {"profile_id": data.get("profile"), "status": data["status"], "priority": data["priority"]}
        if data.get("job"):
            application, created = services.track_job(user=request.user, job_id=data["job"], source=data["source"], **common)
        else:
            application, created = services.add_manual_application(
                user=request.user, title=data["title"], company=data["company"], url=data["url"],
                description=data["description"], source=data["source"], **common)
        return Response(ApplicationSerializer(application).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        if "contacts" in fields:
            fields["contacts"] = [dict(contact) for contact in fields["contacts"]]
        serializer.instance = services.update_application(
            user=self.request.user, application_id=serializer.instance.pk, **fields)

    def perform_destroy(self, instance):
        services.delete_application(user=self.request.user, application_id=instance.pk)

    @extend_schema(request=StatusChangeSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        """Move the application along the pipeline (409 transition_not_allowed / status_changed)."""
        application = self.get_object()
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application, _ = pipeline_services.change_status(
            user=request.user, application_id=application.pk, to=data["to"], expect=data.get("expect"), note=data["note"])
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=NoteSerializer, responses={201: ActivitySerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        application = self.get_object()
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = timeline.add_note(user=request.user, application_id=application.pk, **serializer.validated_data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ActivitySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def activities(self, request, pk=None):
        """The application's timeline, newest first (paginated)."""
        application = self.get_object()
        page = self.paginate_queryset(selectors.timeline_for(request.user, application.pk))
        return self.get_paginated_response(ActivitySerializer(page, many=True).data)

    @extend_schema(request=InterviewSerializer, responses={201: InterviewSerializer})
    @action(detail=True, methods=["post"])
    def interviews(self, request, pk=None):
        application = self.get_object()
        serializer = InterviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interview = services.schedule_interview(user=request.user, application_id=application.pk, **serializer.validated_data)
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SnapshotSerializer})
    @action(detail=True, methods=["get"])
    def snapshot(self, request, pk=None):
        """What was sent when the application moved to applied (404 before that)."""
        application = self.get_object()
        snapshot = Snapshot.objects.for_user(request.user).filter(application=application).first()
        if snapshot is None:
            raise NotFound("No snapshot yet: it is taken when the application moves to applied.", code="no_snapshot")
        return Response(SnapshotSerializer(snapshot).data)


class InterviewViewSet(OwnedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                       viewsets.GenericViewSet):
    """Your interviews, soonest first (schedule one with POST /api/applications/{id}/interviews)."""

    owned_model = Interview
    serializer_class = InterviewSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []

    def scope_queryset(self, queryset):
        return queryset.order_by("scheduled_at", "id")

    def perform_destroy(self, instance):
        services.delete_interview(user=self.request.user, interview_id=instance.pk)
