"""Packets API. Every query starts from the owner (another user's ids are 404); generating and re-rendering
answer 202 with the background job (200 with the same job when an identical request is still running)."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import OwnedQuerysetMixin
from packets import selectors
from packets.downloads import download
from packets.errors import ArtifactNotFound, PacketNotFound
from packets.models import Artifact, Packet, PacketVersion
from packets.renderers import ENGINES, designs
from packets.services import edits as edit_services, generate

MAX_ID = 2_147_483_647


def _file_url(artifact, version):
    return reverse("packet-file", kwargs={"pk": version.packet_id, "number": version.number,
                                          "document": artifact.document, "fmt": artifact.format})


class ArtifactSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Artifact
        fields = ["document", "format", "content_type", "size", "sha256", "pages", "url"]

    def get_url(self, artifact) -> str:
        return _file_url(artifact, artifact.version)


class PacketVersionSerializer(serializers.ModelSerializer):
    ats_passed = serializers.BooleanField(read_only=True)
    artifacts = ArtifactSerializer(many=True, read_only=True)

    class Meta:
        model = PacketVersion
        fields = ["number", "edited", "ats_passed", "created_at", "artifacts"]


class PacketVersionDetailSerializer(PacketVersionSerializer):
    class Meta(PacketVersionSerializer.Meta):
        fields = [*PacketVersionSerializer.Meta.fields, "cv", "letter", "requirements", "notes", "ats"]


class PacketSerializer(serializers.ModelSerializer):
    job_title = serializers.CharField(source="job.title", read_only=True)
    company = serializers.CharField(source="job.company", read_only=True)
    profile_name = serializers.CharField(source="profile.name", read_only=True)

    class Meta:
        model = Packet
        fields = ["id", "profile", "profile_name", "job", "job_title", "company", "match", "design", "engine", "writer",
                  "status", "error", "background_job", "created_at", "updated_at"]
        read_only_fields = fields


class PacketDetailSerializer(PacketSerializer):
    versions = PacketVersionSerializer(many=True, read_only=True)

    class Meta(PacketSerializer.Meta):
        fields = [*PacketSerializer.Meta.fields, "versions"]
        read_only_fields = fields


class GenerateSerializer(serializers.Serializer):
    match = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The match (profile × posting) to write for.")
    design = serializers.ChoiceField(choices=[], required=False, help_text="A CV design; default PACKET_DEFAULT_DESIGN.")
    engine = serializers.ChoiceField(choices=list(ENGINES), default="typst")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["design"].choices = sorted(designs("cv"))


class RerenderSerializer(serializers.Serializer):
    edits = serializers.DictField(required=False, default=dict,
                                  help_text='{"summary": str, "bullets": {source id: str}, "letter_paragraphs": {index: str}}')
    design = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["design"].choices = sorted(designs("cv"))


def _accepted(packet, job, created):
    response = accepted(job, created)
    response.data["packet_id"] = packet.pk
    return response


ACCEPTED = inline_serializer("PacketJobAccepted", fields={**AcceptedJobSerializer().get_fields(),
                                                           "packet_id": serializers.IntegerField()})


class PacketViewSet(OwnedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Your packets, newest first. Filter with `?job=` and `?status=`."""

    owned_model = Packet
    serializer_class = PacketSerializer
    lookup_value_regex = r"\d+"
    filterset_fields = ["job", "status"]
    ordering_fields = ["created_at", "updated_at"]

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("job", "profile")
        if self.action == "retrieve":
            return queryset.prefetch_related("versions__artifacts")
        return queryset

    def get_serializer_class(self):
        return PacketDetailSerializer if self.action == "retrieve" else PacketSerializer

    @extend_schema(request=GenerateSerializer, responses={202: ACCEPTED, 200: ACCEPTED})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        packet, job, created = generate.start_generation(
            user=request.user, match_id=data["match"], design=data.get("design") or settings.PACKET_DEFAULT_DESIGN,
            engine=data["engine"])
        return _accepted(packet, job, created)

    @extend_schema(responses={200: PacketVersionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        packet = self.get_object()
        versions = packet.versions.order_by("-number").prefetch_related("artifacts")
        return Response(PacketVersionSerializer(versions, many=True).data)

    @extend_schema(request=RerenderSerializer, responses={202: ACCEPTED, 200: ACCEPTED})
    @action(detail=True, methods=["post"])
    def rerender(self, request, pk=None):
        serializer = RerenderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        packet, job, created = edit_services.start_rerender(
            user=request.user, packet_id=self.get_object().pk, edits=serializer.validated_data.get("edits") or {},
            design=serializer.validated_data.get("design") or None)
        return _accepted(packet, job, created)


class PacketVersionView(APIView):
    """One version of one of your packets: its documents, requirements table, notes, ATS check and files."""

    @extend_schema(responses={200: PacketVersionDetailSerializer})
    def get(self, request, pk, number):
        version = selectors.version_for_user(request.user, pk, number)
        if version is None:
            raise PacketNotFound("No such packet version.")
        return Response(PacketVersionDetailSerializer(version).data)


class PacketFileView(APIView):
    """A file of one version: document `cv` or `letter`, format pdf, docx, md, txt or png (streamed, verified)."""

    @extend_schema(parameters=[OpenApiParameter("document", str, OpenApiParameter.PATH, enum=["cv", "letter"]),
                               OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(Artifact.Format.values))],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, (200, "image/png"): OpenApiTypes.BINARY,
                              (200, "text/markdown"): OpenApiTypes.STR, (200, "text/plain"): OpenApiTypes.STR,
                              (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiTypes.BINARY})
    def get(self, request, pk, number, document, fmt):
        artifact = selectors.artifact_for_user(request.user, pk, number, document, fmt)
        if artifact is None:
            raise ArtifactNotFound()
        return download(request, artifact)
