"""`GET /api/writer`: which writer is active and whether its server answers (never the API key)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jobly.api_conventions import query_flag

from jobly.writers import writer_status


class WriterStatusSerializer(serializers.Serializer):
    writer = serializers.ChoiceField(choices=["embedded", "openai"])
    description = serializers.CharField()
    uses_model = serializers.BooleanField()
    model = serializers.CharField(allow_blank=True)
    base_url = serializers.CharField(allow_blank=True, help_text="Without credentials or query.")
    answers = serializers.BooleanField(help_text="Whether the server answered the probe (always true for embedded).")
    latency_ms = serializers.FloatField(allow_null=True)
    error = serializers.CharField(allow_blank=True, help_text="An error code such as llm_unavailable, or empty.")
    checked_at = serializers.FloatField(help_text="Unix time of the probe.")


class WriterStatusView(APIView):
    """The active writer; with `?refresh=true` the server is probed again instead of the 30 s cached result."""

    @extend_schema(
        parameters=[OpenApiParameter("refresh", bool, description="Probe the server now.")],
        responses={200: WriterStatusSerializer},
    )
    def get(self, request):
        return Response(WriterStatusSerializer(writer_status(refresh=query_flag(request, "refresh"))).data)
