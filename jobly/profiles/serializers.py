"""The profile's field rules as DRF serializers: nested lists (links, skills, experience, ...) and the profile.

Shared by the API and the editor page's form (jobly/profiles/forms.py); saving goes through the services.
"""

import json

from rest_framework import serializers

from jobly.models import Profile
from jobly.profiles import services


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
