"""Page validation for profiles: a new profile's name, the uploads, and the editor's POST."""

from django import forms

from jobly import json_input
from jobly.errors import InvalidInput, PermanentError, TooLarge
from jobly.profiles import services
from jobly.profiles.serializers import ProfileSerializer

JSON_RESUME_MAX_BYTES = 2 * 1024 * 1024
LIST_FIELDS = ("links", "skills", "experience", "education", "certifications", "languages", "projects", "volunteer",
               "publications", "awards", "interests", "references")
LINE_FIELDS = ("target_titles", "target_locations", "excluded_companies", "avoid_keywords")
TEXT_FIELDS = ("name", "full_name", "email", "phone", "location", "headline", "summary", "unplaced_text",
               "remote_preference", "salary_currency", "seniority")


class NewProfileForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Give the profile a name, for example “Backend”."})

    def clean_name(self):
        return self.cleaned_data["name"][:100]


class UploadForm(forms.Form):
    """A form around one uploaded file whose first problem the page shows as a domain error (code, status)."""

    ERRORS = {"required": (InvalidInput, "file_required")}

    def domain_error(self):
        error = next(iter(self.errors.as_data().values()))[0]
        error_class, code = self.ERRORS.get(error.code, (InvalidInput, "invalid"))
        return error_class(error.messages[0], code=code)


class ResumeFileForm(UploadForm):
    """A resume to import; its size and type are checked by the service (the API checks the same)."""

    file = forms.FileField(allow_empty_file=True, error_messages={"required": "Choose a resume file to upload."})


class JsonResumeFileForm(UploadForm):
    """A JSON Resume file: small, and JSON; the service validates it against the schema."""

    ERRORS = {**UploadForm.ERRORS, "file_too_large": (TooLarge, "file_too_large"),
              "invalid_json_resume": (PermanentError, "invalid_json_resume")}

    file = forms.FileField(allow_empty_file=True, error_messages={"required": "Choose a JSON Resume file."})
    name = forms.CharField(required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > JSON_RESUME_MAX_BYTES:
            raise forms.ValidationError("A JSON Resume is small; this file is over 2 MB.", code="file_too_large")
        # The API's JSON reader (depth, duplicate keys, NUL and surrogates); its errors are domain errors
        # with their own codes, which the page shows as they are.
        return json_input.loads(uploaded.read(), malformed_code="invalid_json_resume", malformed_status=422)


class ProfileEditForm:
    """The editor's POST: text fields, one-per-line lists and JSON lists (the page's widgets), checked
    by the profile's field rules and saved through the services, like the API."""

    def __init__(self, profile, post):
        self.profile = profile
        self.data, self.errors = _submitted_fields(post)
        self.is_default = self.data.pop("is_default")
        self._serializer = None

    def is_valid(self):
        if self.errors:
            return False
        self._serializer = ProfileSerializer(self.profile, data=self.data, partial=True)
        if not self._serializer.is_valid():
            self.errors = error_lines(self._serializer.errors)
        return not self.errors

    def save(self):
        self._serializer.save()
        if self.is_default and not self.profile.is_default:
            services.set_default_profile(profile=self.profile)
        return self.profile

    def values(self):
        """What the editor shows again after a refused save: the stored profile with the submitted changes."""
        return {**ProfileSerializer(self.profile).data, **self.data}


def profile_values(profile, draft=None):
    """The editor's values: the profile, with an imported draft's findings over it when reviewing one."""
    values = ProfileSerializer(profile).data
    if draft:
        values = {**values, **{key: value for key, value in draft.items() if value not in ("", [], None)}}
    return values


def _submitted_fields(post):
    data, errors = {}, []
    for field in TEXT_FIELDS:
        if field in post:
            data[field] = post.get(field, "").strip()
    for field in LINE_FIELDS:
        if field in post:
            data[field] = [line.strip() for line in post.get(field, "").splitlines() if line.strip()]
    for field in LIST_FIELDS:
        if field in post:
            try:
                data[field] = json_input.loads(post.get(field) or "[]")
            except json_input.JSONInputError as error:
                errors.append(f"{field}: {error.message}")
    if "min_salary" in post:
        data["min_salary"] = post.get("min_salary").strip() or None
    data["is_default"] = post.get("is_default") == "on"
    return data, errors


def error_lines(detail):
    """DRF validation details as short lines a person can read."""
    if isinstance(detail, dict):
        return [f"{key}: {line}" for key, value in detail.items() for line in error_lines(value)]
    if isinstance(detail, list):
        lines = []
        for index, item in enumerate(detail):
            for line in error_lines(item):
                lines.append(f"#{index + 1} {line}" if isinstance(item, dict) else line)
        return lines
    return [str(detail)]
