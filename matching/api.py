"""Matching API: feeds (CRUD, fetch, import) and postings (list, filter, detail, ingest, paste)."""


from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import BlankAsNullChoiceField, FetchableURLField, OwnedQuerysetMixin, validated_filters
from jobly.errors import DomainError
from jobly.json_input import JSONParser
from matching import selectors, services
from matching.models import Feed, Job
from matching.selectors import JOB_ORDERINGS

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class FeedSerializer(serializers.ModelSerializer):
    url = FetchableURLField()
    health = serializers.CharField(read_only=True)
    job_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Feed
        fields = [
            "id", "url", "title", "kind", "fetch_interval_minutes", "enabled", "is_shared", "health",
            "last_fetched_at", "last_success_at", "last_error_code", "last_error_message", "last_error_at",
            "consecutive_failures", "next_fetch_at", "disabled_reason", "last_counts", "entries_total", "job_count",
            "created_at",
        ]
        read_only_fields = [
            "id", "is_shared", "health", "last_fetched_at", "last_success_at", "last_error_code", "last_error_message",
            "last_error_at", "consecutive_failures", "next_fetch_at", "disabled_reason", "last_counts", "entries_total",
            "job_count", "created_at",
        ]
        extra_kwargs = {"fetch_interval_minutes": {"min_value": 5, "max_value": 7 * 24 * 60}}


class FeedImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An OPML list of feeds, or an RSS/Atom/JSON feed file (5 MB max).")


class JobListSerializer(serializers.ModelSerializer):
    salary_display = serializers.CharField(read_only=True)
    salary_period = BlankAsNullChoiceField(choices=Job.SalaryPeriod.choices, read_only=True, help_text="Null if unknown.")
    # Empty for pasted text, so a plain string in the schema rather than format "uri".
    canonical_url = serializers.CharField(read_only=True, help_text="The posting's original http(s) address; empty for pasted text.")

    class Meta:
        model = Job
        fields = [
            "id", "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency",
            "salary_period", "salary_display", "employment_type", "seniority", "canonical_url", "posted_at", "source",
            "skills", "first_seen_at", "last_seen_at",
        ]
        read_only_fields = fields


class JobDetailSerializer(JobListSerializer):
    feeds = serializers.SerializerMethodField()

    class Meta(JobListSerializer.Meta):
        fields = [*JobListSerializer.Meta.fields, "description_html", "description_text", "content_hash", "feeds"]
        read_only_fields = fields

    def get_feeds(self, job) -> list[int]:
        # Only the feeds this user can see: another user's private feeds stay private.
        return [feed.pk for feed in getattr(job, "visible_feeds", [])]


class IngestRequestSerializer(serializers.Serializer):
    feed_id = serializers.IntegerField(required=False, min_value=1)
    feed_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=200)

    def validate(self, attrs):
        ids = list(attrs.get("feed_ids") or [])
        if attrs.get("feed_id"):
            ids.append(attrs["feed_id"])
        attrs["ids"] = ids
        return attrs


class PasteRequestSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=100_000, trim_whitespace=True)
    url = FetchableURLField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        if not attrs.get("text") and not attrs.get("url"):
            raise serializers.ValidationError({"text": ["Paste the posting's text or give its URL."]})
        return attrs


class FeedViewSet(OwnedQuerysetMixin, viewsets.ModelViewSet):
    """Your feeds (and the operator's shared ones, read-only), with their health."""

    owned_model = Feed
    serializer_class = FeedSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Feed.objects.none()
        queryset = selectors.feeds_for_user(self.request.user)
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and self.action != "fetch":
            queryset = queryset.filter(owner=self.request.user)  # shared feeds are read-only for users
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.create_feed(
            user=self.request.user, url=data["url"], title=data.get("title", ""), kind=data.get("kind", Feed.Kind.AUTO),
            fetch_interval_minutes=data.get("fetch_interval_minutes", 60), enabled=data.get("enabled", True),
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_feed(feed=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.delete_feed(feed=instance)

    @extend_schema(request=None, responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=True, methods=["post"])
    def fetch(self, request, pk=None):
        """Fetch this feed now: starts a "feeds.ingest" background job."""
        feed = self.get_object()
        job, created = services.start_ingest(user=request.user, feed_ids=[feed.pk])
        return accepted(job, created)

    @extend_schema(request={"multipart/form-data": FeedImportSerializer}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        """Upload an OPML list (creates feeds) or a feed file (ingests its postings, private to you)."""
        serializer = FeedImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise DomainError("The file is larger than 5 MB.", code="file_too_large", status=413)
        result = services.import_feed_file(user=request.user, content=upload.read(), filename=upload.name)
        result.pop("job_ids", None)
        return Response(result, status=status.HTTP_201_CREATED)


JOB_FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Full-text search over title, company and description."),
    OpenApiParameter("remote", str, enum=[choice for choice, _ in Job.RemoteType.choices], many=True),
    OpenApiParameter("location", str, description="Part of the location."),
    OpenApiParameter("salary_min", int, description="Yearly salary at least this much (top of range)."),
    OpenApiParameter("posted_since", OpenApiTypes.DATE, description="Posted (or first seen) on or after this date."),
    OpenApiParameter("feed", int, description="Only postings from this feed."),
    OpenApiParameter("skill", str, description="Postings that ask for this skill."),
    OpenApiParameter("ordering", str, enum=list(JOB_ORDERINGS)),
]


class JobFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    remote = serializers.ListField(child=serializers.ChoiceField(choices=Job.RemoteType.choices), required=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=100)
    salary_min = serializers.IntegerField(required=False, min_value=0, max_value=10_000_000)
    posted_since = serializers.DateField(required=False)
    feed = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647)
    skill = serializers.CharField(required=False, allow_blank=True, max_length=80)
    ordering = serializers.ChoiceField(choices=list(JOB_ORDERINGS), required=False)


def job_filters(query_params):
    """Validate list filters (400 with field details) into keyword arguments for the selector."""
    return validated_filters(JobFilterSerializer, query_params, multi=("remote",), start_of_day=("posted_since",))


class JobViewSet(OwnedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Postings: list with search, filters and ordering; detail with the cleaned description."""

    owned_model = Job
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_serializer_class(self):
        return JobDetailSerializer if self.action == "retrieve" else JobListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        if self.action == "retrieve":
            return Job.objects.for_user(self.request.user).prefetch_related(
                _visible_feeds_prefetch(self.request.user)
            )
        return selectors.jobs_for_user(self.request.user, **job_filters(self.request.query_params))

    @extend_schema(parameters=JOB_FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=IngestRequestSerializer, responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=False, methods=["post"])
    def ingest(self, request):
        """Fetch one feed (`feed_id`), several (`feed_ids`) or all of yours (neither): 202 with the job."""
        serializer = IngestRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job, created = services.start_ingest(user=request.user, feed_ids=serializer.validated_data["ids"] or None)
        return accepted(job, created)

    @extend_schema(request=PasteRequestSerializer, responses={200: JobDetailSerializer, 201: JobDetailSerializer})
    @action(detail=False, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def paste(self, request):
        """Add a posting by its text or its URL (fetched safely); private to you."""
        serializer = PasteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job, created = services.add_pasted_posting(user=request.user, **serializer.validated_data)
        job = Job.objects.for_user(request.user).prefetch_related(
            _visible_feeds_prefetch(request.user)
        ).get(pk=job.pk)
        return Response(JobDetailSerializer(job).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _visible_feeds_prefetch(user):
    return Prefetch("feeds", queryset=Feed.objects.for_user(user), to_attr="visible_feeds")


router = DefaultRouter(trailing_slash=False)
router.register("feeds", FeedViewSet, basename="feed")
router.register("jobs", JobViewSet, basename="job")
