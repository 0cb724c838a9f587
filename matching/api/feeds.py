"""Feeds API: CRUD, fetch now (a background job), and importing an OPML list or a feed file."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import FetchableURLField, OwnedQuerysetMixin
from jobly.errors import TooLarge
from matching import selectors
from matching.forms import MAX_UPLOAD_BYTES
from matching.models import Feed
from matching.services import feeds, ingest, submissions


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
        serializer.instance = feeds.create_feed(
            user=self.request.user, url=data["url"], title=data.get("title", ""), kind=data.get("kind", Feed.Kind.AUTO),
            fetch_interval_minutes=data.get("fetch_interval_minutes", 60), enabled=data.get("enabled", True),
        )

    def perform_update(self, serializer):
        serializer.instance = feeds.update_feed(feed=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        feeds.delete_feed(feed=instance)

    @extend_schema(request=None, responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=True, methods=["post"])
    def fetch(self, request, pk=None):
        """Fetch this feed now: starts a "feeds.ingest" background job."""
        feed = self.get_object()
        job, created = ingest.start_ingest(user=request.user, feed_ids=[feed.pk])
        return accepted(job, created)

    @extend_schema(request={"multipart/form-data": FeedImportSerializer},
                   responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        """Upload an OPML list (creates feeds) or a feed file (its postings, private to you): 202 with the
        "feeds.import_file" background job, whose result says what was added. Parsing happens on a worker."""
        serializer = FeedImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise TooLarge("The file is larger than 5 MB.", code="file_too_large")
        _, job, created = submissions.start_feed_import(user=request.user, content=upload.read(MAX_UPLOAD_BYTES + 1),
                                                        filename=upload.name)
        return accepted(job, created)
