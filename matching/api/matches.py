"""Matches API: list (one profile, filters, ordering), detail with reasons, and the recompute job."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import BlankAsNullChoiceField, CachedListMixin, OwnedQuerysetMixin, validated_filters
from jobly.errors import Conflict
from jobly.models import Profile
from matching import read_cache, selectors
from matching.forms import MatchFilterForm
from matching.models import Job, Match
from matching.services import matches


class MatchJobSerializer(serializers.ModelSerializer):
    salary_display = serializers.CharField(read_only=True)
    salary_period = BlankAsNullChoiceField(choices=Job.SalaryPeriod.choices, read_only=True, help_text="Null if unknown.")
    # Empty for pasted text, so a plain string in the schema rather than format "uri" (as in /api/jobs).
    canonical_url = serializers.CharField(read_only=True, help_text="The posting's original http(s) address; empty for pasted text.")

    class Meta:
        model = Job
        fields = ["id", "title", "company", "location", "remote_type", "salary_min", "salary_max", "salary_currency",
                  "salary_period", "salary_display", "posted_at", "canonical_url"]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    job = MatchJobSerializer(read_only=True)

    class Meta:
        model = Match
        fields = ["id", "profile", "job", "score", "summary", "computed_at"]
        read_only_fields = fields


class MatchDetailSerializer(MatchSerializer):
    class Meta(MatchSerializer.Meta):
        fields = [*MatchSerializer.Meta.fields, "components", "reasons", "index_version"]
        read_only_fields = fields


class RecomputeRequestSerializer(serializers.Serializer):
    profile = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647,
                                       help_text="One of your profiles; omit it to recompute all of them.")


MATCH_FILTER_PARAMETERS = [
    OpenApiParameter("profile", int, description="Your profile (default: your default profile)."),
    OpenApiParameter("min_score", float, description="Score at least this (0–100)."),
    OpenApiParameter("remote", str, enum=list(selectors.REMOTE_TYPES), many=True),
    OpenApiParameter("posted_since", OpenApiTypes.DATE, description="Posted on or after this date."),
    OpenApiParameter("salary_min", int, description="Yearly salary (top of range) at least this much."),
    OpenApiParameter("min_salary", int, deprecated=True, description="The old name of salary_min."),
    OpenApiParameter("ordering", str, enum=list(selectors.MATCH_ORDERINGS)),
]


class MatchViewSet(OwnedQuerysetMixin, CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Matches of one of your profiles, best first; detail carries every component and reason."""

    owned_model = Match
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_serializer_class(self):
        return MatchDetailSerializer if self.action == "retrieve" else MatchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        if self.action == "list":
            filters = validated_filters(MatchFilterForm, self.request.query_params)
            profile = selectors.chosen_profile(self.request.user, filters.pop("profile", None))
            if profile is None:
                return Match.objects.none()
            return selectors.matches_for(profile, **filters)
        return Match.objects.for_user(self.request.user).select_related("job")

    @extend_schema(parameters=MATCH_FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        """A page of matches, kept in the read cache until the user's matches or the postings' text change."""
        return super().list(request, *args, **kwargs)

    list_cache_name, list_cache_setting = "api:matches", "MATCH_LIST_CACHE_SECONDS"

    def list_cache_topics(self, user_id):
        return read_cache.match_list_topics(user_id)

    @extend_schema(request=RecomputeRequestSerializer, responses={200: AcceptedJobSerializer, 202: AcceptedJobSerializer})
    @action(detail=False, methods=["post"])
    def recompute(self, request):
        """Score all postings again for one profile (`profile`) or all of yours: 202 with the job."""
        serializer = RecomputeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile_id = serializer.validated_data.get("profile")
        if profile_id is None and not Profile.objects.for_user(request.user).exists():
            raise Conflict("Create a profile first: matches rank postings for a profile.", code="no_profile")
        profile_ids = None if profile_id is None else [profile_id]
        job, created = matches.schedule_recompute(user=request.user, profile_ids=profile_ids)
        return accepted(job, created)
