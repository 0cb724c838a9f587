"""Page validation for feeds, postings and matches; the list filters are shared with the API."""

from django import forms

from jobly.forms import FilterForm, iso_date_field
from matching.models import Feed, Job
from matching.selectors import JOB_ORDERINGS, MATCH_ORDERINGS, REMOTE_TYPES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ID = 2_147_483_647


class JobFilterForm(FilterForm):
    """The postings list: search, remote types, place, yearly salary, date, feed, skill, ordering."""

    start_of_day = ("posted_since",)

    q = forms.CharField(required=False, max_length=200)
    remote = forms.MultipleChoiceField(choices=Job.RemoteType.choices, required=False)
    location = forms.CharField(required=False, max_length=100)
    salary_min = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)
    posted_since = iso_date_field()
    feed = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    skill = forms.CharField(required=False, max_length=80)
    ordering = forms.ChoiceField(choices=[(key, key) for key in JOB_ORDERINGS], required=False)


class MatchFilterForm(FilterForm):
    """One profile's matches: score, remote types, date, yearly salary, ordering.

    `min_salary` is the old name of `salary_min` here (one name per concept across endpoints); it is
    still read when `salary_min` is absent.
    """

    start_of_day = ("posted_since",)

    profile = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    min_score = forms.FloatField(required=False, min_value=0, max_value=100)
    remote = forms.MultipleChoiceField(choices=[(value, value) for value in REMOTE_TYPES], required=False)
    posted_since = iso_date_field()
    salary_min = forms.IntegerField(required=False, min_value=0, max_value=100_000_000)
    min_salary = forms.IntegerField(required=False, min_value=0, max_value=100_000_000)
    ordering = forms.ChoiceField(choices=[(key, key) for key in MATCH_ORDERINGS], required=False)

    def filters(self):
        filters = super().filters()
        old_name = filters.pop("min_salary", None)
        if filters.get("salary_min") is None:
            filters["salary_min"] = old_name
        return filters


class FeedForm(forms.Form):
    """Add a feed: the service checks the URL (and cuts the title to size); an unknown kind means "detect"."""

    url = forms.CharField(error_messages={"required": "Enter the feed's address."})
    title = forms.CharField(required=False)
    kind = forms.CharField(required=False)

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        return kind if kind in Feed.Kind.values else Feed.Kind.AUTO


class PasteForm(forms.Form):
    """A posting pasted as text or given by URL; overlong text is cut, a URL is checked whole by the
    service (jobly.http.clean_url: one length limit for every way a URL enters)."""

    text = forms.CharField(required=False, strip=False)
    url = forms.CharField(required=False)

    def clean_text(self):
        return self.cleaned_data["text"][:100_000]


class FeedFileForm(forms.Form):
    file = forms.FileField(error_messages={"required": "Choose an OPML or feed file to upload."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


class RecomputeForm(forms.Form):
    profile = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
