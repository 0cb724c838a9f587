"""Page validation for applications; the list filters are shared with the API."""

from django import forms

from jobly.forms import FilterForm, iso_date_field
from tracking import pipeline
from tracking.models import Application, Interview
from tracking.selectors import ORDERINGS

MAX_ID = 2_147_483_647


class ApplicationFilterForm(FilterForm):
    """The applications table: statuses, search, source, profile, priority, score, applied date, overdue, ordering."""

    start_of_day = ("applied_since",)

    status = forms.MultipleChoiceField(choices=pipeline.STATUS_CHOICES, required=False)
    q = forms.CharField(required=False, max_length=200)
    source = forms.CharField(required=False, max_length=100)
    profile = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    priority = forms.TypedChoiceField(choices=Application.Priority.choices, coerce=int, required=False, empty_value=None)
    min_score = forms.FloatField(required=False, min_value=0, max_value=100)
    applied_since = iso_date_field()
    overdue = forms.NullBooleanField(required=False)
    ordering = forms.ChoiceField(choices=[(key, key) for key in ORDERINGS], required=False)


class TrackForm(forms.Form):
    """The "Track application" button on job and match pages."""

    job = forms.IntegerField(min_value=1, max_value=MAX_ID)
    profile = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class ManualApplicationForm(forms.Form):
    """An application for a posting found elsewhere."""

    title = forms.CharField(max_length=300)
    company = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    description = forms.CharField(required=False, max_length=100_000, widget=forms.Textarea)
    source = forms.CharField(max_length=100, required=False)
    status = forms.ChoiceField(choices=[(s, pipeline.LABELS[s]) for s in (pipeline.SAVED, pipeline.APPLIED)],
                               initial=pipeline.SAVED)
    priority = forms.TypedChoiceField(choices=Application.Priority.choices, coerce=int,
                                      initial=Application.Priority.NORMAL)


class ApplicationEditForm(forms.Form):
    """The detail page's edit form; contacts come as rows of four inputs."""

    title = forms.CharField(max_length=300)
    company = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    source = forms.CharField(max_length=100, required=False)
    priority = forms.TypedChoiceField(choices=Application.Priority.choices, coerce=int)
    salary_discussed = forms.CharField(max_length=100, required=False)
    next_action = forms.CharField(max_length=300, required=False)
    next_action_due = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    notes = forms.CharField(required=False, max_length=50_000, widget=forms.Textarea)

    def contacts_from(self, data):
        """Rows contact-N-name/role/email/link → the service's list (the service validates them)."""
        contacts = []
        for index in range(20):
            row = {key: data.get(f"contact-{index}-{key}", "").strip() for key in ("name", "role", "email", "link")}
            if any(row.values()):
                contacts.append(row)
        return contacts


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=pipeline.STATUS_CHOICES)
    expect = forms.ChoiceField(choices=pipeline.STATUS_CHOICES, required=False)
    note = forms.CharField(required=False, max_length=10_000)


class NoteForm(forms.Form):
    text = forms.CharField(max_length=10_000)
    kind = forms.ChoiceField(choices=[("note", "Note"), ("email", "E-mail")], required=False)

    def clean_kind(self):
        return self.cleaned_data["kind"] or "note"


class InterviewForm(forms.Form):
    scheduled_at = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    duration_minutes = forms.IntegerField(min_value=5, max_value=24 * 60, initial=60)
    kind = forms.ChoiceField(choices=Interview.Kind.choices, initial=Interview.Kind.VIDEO)
    location = forms.CharField(max_length=500, required=False)
    notes = forms.CharField(max_length=10_000, required=False, widget=forms.Textarea)
