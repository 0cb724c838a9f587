"""Profiles API: CRUD, resume import (202 + background job), import drafts, JSON Resume import/export."""

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import OwnedQuerysetMixin
from jobly.downloads import content_disposition
from jobly.errors import DomainError, NotFound
from jobly.json_input import JSONParser
from jobly.jsonresume import profile_to_json_resume
from jobly.models import Profile
from jobly.profiles import selectors, services

PARTIAL_DATE = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


def _date_field():
    return serializers.RegexField(PARTIAL_DATE, required=False, allow_blank=True, default="", error_messages={
        "invalid": "Use YYYY, YYYY-MM or YYYY-MM-DD.",
    })


def _text(max_length=300, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=max_length, trim_whitespace=True, **kwargs)


class ListItemSerializer(serializers.Serializer):
    """An item of a JSON list field. DRF skips `required` and defaults inside a PATCH, so the
    item checks its required keys and fills its defaults itself: every stored item has all keys."""

    def validate(self, attrs):
        missing = [name for name, field in self.fields.items() if field.required and attrs.get(name) in (None, "")]
        if missing:
            raise serializers.ValidationError({name: "This field is required." for name in missing})
        filled = {}
        for name, field in self.fields.items():
            if name in attrs:
                filled[name] = attrs[name]
            elif field.default is not serializers.empty:
                filled[name] = field.default() if callable(field.default) else field.default
        return filled


class LinkSerializer(ListItemSerializer):
    label = _text(100)
    url = serializers.CharField(max_length=500)


class SkillSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=100)
    normalized = _text(100)
    level = _text(50)
    years = serializers.FloatField(required=False, allow_null=True, default=None, min_value=0, max_value=70)


class ExperienceSerializer(ListItemSerializer):
    company = _text(200)
    title = _text(200)
    location = _text(200)
    start = _date_field()
    end = _date_field()
    current = serializers.BooleanField(required=False, default=False)
    bullets = serializers.ListField(child=serializers.CharField(max_length=2000), required=False, default=list, max_length=100)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not (attrs.get("company") or attrs.get("title")):
            raise serializers.ValidationError("An experience entry needs a title or a company.")
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "The end date is before the start date."})
        if attrs.get("current"):
            attrs["end"] = ""
        return attrs


class EducationSerializer(ListItemSerializer):
    institution = _text(200)
    degree = _text(200)
    field = _text(300)
    start = _date_field()
    end = _date_field()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not (attrs.get("institution") or attrs.get("degree")):
            raise serializers.ValidationError("An education entry needs an institution or a degree.")
        return attrs


class CertificationSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=300)
    issuer = _text(200)
    date = _date_field()


class LanguageSerializer(ListItemSerializer):
    language = serializers.CharField(max_length=100)
    fluency = _text(100)


class ProfileSerializer(serializers.ModelSerializer):
    links = LinkSerializer(many=True, required=False)
    skills = SkillSerializer(many=True, required=False)
    experience = ExperienceSerializer(many=True, required=False)
    education = EducationSerializer(many=True, required=False)
    certifications = CertificationSerializer(many=True, required=False)
    languages = LanguageSerializer(many=True, required=False)
    target_titles = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    target_locations = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    excluded_companies = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=200)
    avoid_keywords = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=200)

    class Meta:
        model = Profile
        fields = [
            "id", "name", "is_default", "full_name", "email", "phone", "location", "links", "headline", "summary",
            "skills", "experience", "education", "certifications", "languages", "target_titles", "target_locations",
            "remote_preference", "min_salary", "salary_currency", "seniority", "excluded_companies", "avoid_keywords",
            "unplaced_text", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_plain(self):
        """validated_data as plain dicts and lists (nested serializers return OrderedDicts)."""
        return json.loads(json.dumps(self.validated_data))

    def create(self, validated_data):
        fields = self.to_plain()
        is_default = fields.pop("is_default", None)
        return services.create_profile(owner=self.context["request"].user, is_default=is_default, **fields)

    def update(self, instance, validated_data):
        return services.update_profile(profile=instance, **self.to_plain())


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
    draft = serializers.JSONField(allow_null=True, help_text="Parsed fields, named as on the profile; null until parsed.")


class ProfileViewSet(OwnedQuerysetMixin, viewsets.ModelViewSet):
    """Your candidate profiles. The first one you create becomes the default."""

    owned_model = Profile
    serializer_class = ProfileSerializer
    filterset_fields = []

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
            raise DomainError("Attach the resume as the multipart field 'file'.", code="file_required", status=400)
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


def json_resume_download(profile):
    body = json.dumps(profile_to_json_resume(profile), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = content_disposition(f"{profile.name or 'profile'}.resume.json")
    return response


router = DefaultRouter(trailing_slash=False)
router.register("profiles", ProfileViewSet, basename="profile")
