"""Page forms of the core: the base of list-filter forms every app uses (pages and the API share them), and account settings."""

from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone


class FilterForm(forms.Form):
    """A list's filters from a query string, cleaned into keyword arguments for its selector.

    Empty fields mean "no filter" (page forms send every field); `start_of_day` names date fields
    that become aware datetimes at 00:00. `filters()` is the selector's kwargs once `is_valid()`.
    """

    start_of_day = ()

    @classmethod
    def from_query(cls, query_params):
        data = QueryDict(mutable=True)
        for key in query_params:
            values = [value for value in query_params.getlist(key) if value != ""]
            if values:
                data.setlist(key, values)
        return cls(data)

    def filters(self):
        filters = dict(self.cleaned_data)
        for key in self.start_of_day:
            if filters.get(key):
                filters[key] = timezone.make_aware(datetime.combine(filters[key], time.min))
        return filters

    def error_text(self):
        return "Some filters were not understood: " + ", ".join(self.errors)


def iso_date_field(**kwargs):
    """A date written YYYY-MM-DD, the one format the API documents."""
    return forms.DateField(required=False, input_formats=["%Y-%m-%d"], **kwargs)


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email", "first_name", "last_name"]
        labels = {"email": "E-mail address"}
