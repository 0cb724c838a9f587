"""Page forms of notifications: a webhook endpoint, and the e-mail preferences."""

from django import forms

from jobly.http import FetchRefused
from jobly.models import NotificationPreference
from jobly.notifications.endpoints import clean_endpoint_url, subscribable_types


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(label="Endpoint URL", max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/jobly"}))
    description = forms.CharField(max_length=200, required=False)
    event_types = forms.MultipleChoiceField(label="Events", widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(name, name) for name in subscribable_types()]

    def clean_url(self):
        try:
            return clean_endpoint_url(self.cleaned_data["url"])
        except FetchRefused as refused:
            raise forms.ValidationError(refused.message, code=refused.code) from refused


class NotificationPreferenceForm(forms.ModelForm):
    match_threshold = forms.FloatField(min_value=0, max_value=100, label="Only matches scoring at least")

    class Meta:
        model = NotificationPreference
        fields = ["new_matches", "match_threshold", "reminders", "weekly_digest"]
        labels = {"new_matches": "E-mail me new matches (at most once an hour)", "reminders": "E-mail me follow-up reminders",
                  "weekly_digest": "E-mail me a weekly digest"}
