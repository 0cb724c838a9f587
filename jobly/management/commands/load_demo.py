"""Create the demo user and profile (idempotent). Postings come from `load_demo_postings`."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from jobly.jsonresume import profile_fields_from_json_resume
from jobly.models import Profile

DEMO_RESUME = Path(__file__).resolve().parents[2] / "data" / "demo" / "profile.resume.json"


class Command(BaseCommand):
    help = "Create the demo user with a profile built from a fictional JSON Resume."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=settings.DEMO_USERNAME, defaults={"first_name": "Demo", "email": "demo@example.com"}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        fields = profile_fields_from_json_resume(json.loads(DEMO_RESUME.read_text()))
        fields |= {
            "target_titles": ["Software Engineer", "Backend Engineer", "Data Engineer"],
            "remote_preference": Profile.RemotePreference.ANY,
            "min_salary": 90000,
            "salary_currency": "USD",
            "seniority": Profile.Seniority.SENIOR,
        }
        profile, profile_created = Profile.objects.get_or_create(
            owner=user, name="Demo profile", defaults={**fields, "is_default": True}
        )
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} demo user {user.username!r}; profile {'created' if profile_created else 'kept'}.")
