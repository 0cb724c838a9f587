"""Profiles API: CRUD, resume import (202 + background job), import drafts, JSON Resume import/export."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import OwnedQuerysetMixin
from jobly.errors import InvalidInput, NotFound
from jobly.json_input import JSONParser
from jobly.jsonresume import json_resume_download
from jobly.models import Profile
from jobly.profiles import selectors, services
from jobly.profiles.serializers import ProfileSerializer

class ResumeImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, DOCX, Markdown, plain text or JSON Resume; UPLOAD_MAX_BYTES at most.")


class ResumeImportAcceptedSerializer(AcceptedJobSerializer):
    upload_id = serializers.IntegerField()


class ResumeUploadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    parsed_at = serializers.DateTimeField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())
    extraction_method = serializers.CharField(help_text="How the text was read: pdfminer, pypdf, ocr, docx, text, markdown or json_resume; empty until parsed.")
    page_count = serializers.IntegerField(allow_null=True)
    char_count = serializers.IntegerField(allow_null=True)
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True, help_text="An earlier upload of this profile with the same bytes, whose result this one shows.")
    draft = serializers.JSONField(allow_null=True, help_text="Parsed fields, named as on the profile; null until parsed.")


class ProfileViewSet(OwnedQuerysetMixin, viewsets.ModelViewSet):
    """Your candidate profiles. The first one you create becomes the default."""

    owned_model = Profile
    serializer_class = ProfileSerializer
    filterset_fields = []
    ordering_fields = ["name", "created_at", "updated_at"]

    def scope_queryset(self, queryset):
        return queryset.order_by("-is_default", "name", "id")

    def perform_destroy(self, instance):
        services.delete_profile(profile=instance)

    @extend_schema(
        request={"multipart/form-data": ResumeImportSerializer},
        responses={202: ResumeImportAcceptedSerializer, 200: ResumeImportAcceptedSerializer},
        description=(
            "Upload a resume to parse in the background. Checked now: size (413 file_too_large), type by "
            "content (415 unsupported_type), DOCX archive (422 archive_too_large / malformed_archive). The "
            "job's result names the upload whose draft you review at imports/{upload_id}."
        ),
    )
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_resume(self, request, pk=None):
        profile = self.get_object()
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise InvalidInput("Attach the resume as the multipart field 'file'.", code="file_required")
        upload, job, created = services.start_resume_import(profile=profile, uploaded_file=uploaded)
        response = accepted(job, created)
        response.data["upload_id"] = upload.pk
        return response

    @extend_schema(responses=ResumeUploadSerializer, parameters=[OpenApiParameter("upload_id", int, OpenApiParameter.PATH)])
    @action(detail=True, methods=["get"], url_path=r"imports/(?P<upload_id>\d+)")
    def import_draft(self, request, pk=None, upload_id=None):
        """One resume upload of this profile with its parsed draft."""
        profile = self.get_object()
        upload = selectors.upload_for(request.user, profile, int(upload_id))
        if upload is None:
            raise NotFound("No such resume upload.")
        return Response(ResumeUploadSerializer(upload).data)

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="json-resume")
    def json_resume(self, request, pk=None):
        """The profile as a JSON Resume document (a download)."""
        return json_resume_download(self.get_object())

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: ProfileSerializer},
        parameters=[OpenApiParameter("name", str, description="Name of the new profile (default: basics.label).")],
        description="Create a profile from a JSON Resume document sent as the body (422 invalid_json_resume).",
    )
    @action(detail=False, methods=["post"], url_path="import-json-resume", parser_classes=[JSONParser])
    def import_json_resume(self, request):
        query = ImportJsonResumeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        profile = services.import_json_resume(owner=request.user, document=request.data, name=query.validated_data["name"])
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


class ImportJsonResumeQuerySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


router = SimpleRouter(trailing_slash=False)
router.register("profiles", ProfileViewSet, basename="profile")
