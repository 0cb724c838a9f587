"""Postings API: list with search, filters and ordering; detail; start an ingestion; paste a posting."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import (
    BlankAsNullChoiceField,
    CachedListMixin,
    FetchableURLField,
    OwnedQuerysetMixin,
    validated_filters,
)
from jobly.json_input import JSONParser
from matching import read_cache, selectors
from matching.forms import JobFilterForm
from matching.models import Feed, Job
from matching.selectors import JOB_ORDERINGS
from matching.services import ingest, submissions


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


class JobViewSet(OwnedQuerysetMixin, CachedListMixin, viewsets.ReadOnlyModelViewSet):
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
        return selectors.jobs_for_user(self.request.user, **validated_filters(JobFilterForm, self.request.query_params))

    @extend_schema(parameters=JOB_FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        """A page of postings, kept in the read cache until postings, their text or the feeds change."""
        return super().list(request, *args, **kwargs)

    list_cache_name, list_cache_setting = "api:jobs", "POSTING_LIST_CACHE_SECONDS"

    def list_cache_topics(self, user_id):
        return read_cache.posting_list_topics(user_id)

    @extend_schema(request=IngestRequestSerializer, responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=False, methods=["post"])
    def ingest(self, request):
        """Fetch one feed (`feed_id`), several (`feed_ids`) or all of yours (neither): 202 with the job."""
        serializer = IngestRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job, created = ingest.start_ingest(user=request.user, feed_ids=serializer.validated_data["ids"] or None)
        return accepted(job, created)

    @extend_schema(request=PasteRequestSerializer, responses={200: JobDetailSerializer, 201: JobDetailSerializer})
    @action(detail=False, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def paste(self, request):
        """Add a posting by its text or its URL (fetched safely); private to you."""
        serializer = PasteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job, created = submissions.add_pasted_posting(user=request.user, **serializer.validated_data)
        job = Job.objects.for_user(request.user).prefetch_related(
            _visible_feeds_prefetch(request.user)
        ).get(pk=job.pk)
        return Response(JobDetailSerializer(job).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _visible_feeds_prefetch(user):
    return Prefetch("feeds", queryset=Feed.objects.for_user(user), to_attr="visible_feeds")
