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


def _strings(max_items=100, max_length=500):
    return serializers.ListField(child=serializers.CharField(max_length=max_length), required=False, default=list,
                                 max_length=max_items)


class LinkSerializer(ListItemSerializer):
    label = _text(100)
    url = _text(500)
    username = _text(200, help_text="An account name without an address (JSON Resume's profiles.username).")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not (attrs.get("url") or attrs.get("username")):
            raise serializers.ValidationError({"url": "A link needs a URL or a username."})
        return attrs


class SkillSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=100)
    normalized = _text(100)
    level = _text(50)
    years = serializers.FloatField(required=False, allow_null=True, default=None, min_value=0, max_value=70)
    group = _text(100, help_text='The group the skill is listed under ("Web Development").')


class ExperienceSerializer(ListItemSerializer):
    company = _text(200)
    title = _text(200)
    location = _text(200)
    url = _text(500)
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
    url = _text(500)
    score = _text(50)
    courses = _strings(max_length=300)
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


class ProjectSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=200)
    description = _text(2000)
    url = _text(500)
    start = _date_field()
    end = _date_field()
    highlights = _strings(max_length=2000)
    keywords = _strings(max_length=100)
    roles = _strings(max_items=20, max_length=200)
    entity = _text(200)
    type = _text(100)


class VolunteerSerializer(ListItemSerializer):
    organization = _text(200)
    position = _text(200)
    url = _text(500)
    start = _date_field()
    end = _date_field()
    summary = _text(2000)
    highlights = _strings(max_length=2000)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not (attrs.get("organization") or attrs.get("position")):
            raise serializers.ValidationError("A volunteer entry needs an organization or a position.")
        return attrs


class PublicationSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=300)
    publisher = _text(200)
    date = _date_field()
    url = _text(500)
    summary = _text(2000)


class AwardSerializer(ListItemSerializer):
    title = serializers.CharField(max_length=300)
    awarder = _text(200)
    date = _date_field()
    summary = _text(2000)


class InterestSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=200)
    keywords = _strings(max_length=100)


class ReferenceSerializer(ListItemSerializer):
    name = serializers.CharField(max_length=200)
    reference = _text(4000)


class ProfileSerializer(serializers.ModelSerializer):
    links = LinkSerializer(many=True, required=False)
    skills = SkillSerializer(many=True, required=False)
    experience = ExperienceSerializer(many=True, required=False)
    education = EducationSerializer(many=True, required=False)
    certifications = CertificationSerializer(many=True, required=False)
    languages = LanguageSerializer(many=True, required=False)
    projects = ProjectSerializer(many=True, required=False)
    volunteer = VolunteerSerializer(many=True, required=False)
    publications = PublicationSerializer(many=True, required=False)
    awards = AwardSerializer(many=True, required=False)
    interests = InterestSerializer(many=True, required=False)
    references = ReferenceSerializer(many=True, required=False)
    target_titles = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    target_locations = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    excluded_companies = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=200)
    avoid_keywords = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=200)

    class Meta:
        model = Profile
        fields = [
            "id", "name", "is_default", "full_name", "email", "phone", "location", "links", "headline", "summary",
            "skills", "experience", "education", "certifications", "languages", "projects", "volunteer",
            "publications", "awards", "interests", "references", "target_titles", "target_locations",
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
