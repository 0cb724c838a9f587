"""Create the demo user and profile (idempotent), then every app's demo data.

The profile is a fictional back-end Python developer (jobly/data/demo/profile.resume.json). Apps add
their own demo data through a `load_demo_<what>` command (matching: postings, feeds and matches;
tracking: applications across the pipeline; packets and interviews: a packet and a prep queued for the
worker), run here in DEMO_STEPS order when the app is installed,
so the core names no app's code.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction

from jobly.jsonresume import profile_fields_from_json_resume
from jobly.models import Profile

DEMO_RESUME = Path(__file__).resolve().parents[2] / "data" / "demo" / "profile.resume.json"
DEMO_STEPS = ["load_demo_postings", "load_demo_applications", "load_demo_packets", "load_demo_preps"]


class Command(BaseCommand):
    help = "Create the demo user (a fictional back-end Python developer) and each installed app's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--profile-only", action="store_true", help="only the user and the profile")

    def handle(self, *args, **options):
        self._user_and_profile()
        if options["profile_only"]:
            return
        available = get_commands()
        for step in DEMO_STEPS:
            if step in available:
                call_command(step, stdout=self.stdout)

    @transaction.atomic
    def _user_and_profile(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=settings.DEMO_USERNAME, defaults={"first_name": "Jordan", "last_name": "Ellis", "email": "demo@example.com"}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        fields = profile_fields_from_json_resume(json.loads(DEMO_RESUME.read_text()))
        fields |= {
            "target_titles": ["Senior Python Developer", "Senior Backend Engineer", "Backend Engineer", "Python Developer"],
            "remote_preference": Profile.RemotePreference.REMOTE,
            "salary_currency": "USD",
            "seniority": Profile.Seniority.SENIOR,
        }
        profile, profile_created = Profile.objects.get_or_create(
            owner=user, name="Backend (demo)", defaults={**fields, "is_default": True}
        )
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} demo user {user.username!r}; profile {'created' if profile_created else 'kept'}.")
