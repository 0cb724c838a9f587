"""Page forms of the core: account settings."""

from django import forms
from django.contrib.auth import get_user_model


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email", "first_name", "last_name"]
        labels = {"email": "E-mail address"}
