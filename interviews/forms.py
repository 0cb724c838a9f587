"""Page validation for interview preps: the Prepare button, the practice form, the prep settings."""

from django import forms

from interviews.services.practice import MAX_NOTES, MAX_SECONDS
from jobly.forms import iso_date_field

MAX_ID = 2_147_483_647


class PrepareForm(forms.Form):
    """The "Prepare for interview" button on job and match pages (and the detail page's regenerate)."""

    job = forms.IntegerField(min_value=1, max_value=MAX_ID)
    profile = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    interview_date = iso_date_field()
    daily_minutes = forms.IntegerField(required=False, min_value=15, max_value=480)


class PracticeForm(forms.Form):
    """One question's answer in practice mode; `seconds` is what the page's timer counted."""

    question = forms.CharField(max_length=100)
    notes = forms.CharField(required=False, max_length=MAX_NOTES, strip=False, widget=forms.Textarea)
    rating = forms.TypedChoiceField(choices=[("", "Not rated")] + [(str(n), str(n)) for n in range(1, 6)],
                                    coerce=int, required=False, empty_value=None)
    seconds = forms.IntegerField(required=False, min_value=0, max_value=MAX_SECONDS)
    go = forms.ChoiceField(choices=[("next", "next"), ("previous", "previous"), ("stay", "stay")], required=False)


class FeedbackForm(forms.Form):
    """The practice page's "Ask for feedback" button: the question and its place in practice order."""

    question = forms.CharField(max_length=100)
    number = forms.IntegerField(required=False, min_value=1, max_value=10_000)
