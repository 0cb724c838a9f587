"""An interview prep for the demo user's best match (idempotent): queued as a real background job, so the
worker that `make run` starts builds it, and the Interviews page has a prep to practise on first sight."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from interviews.models import InterviewPrep
from interviews.services.generate import start_generation
from matching.models import Match


class Command(BaseCommand):
    help = "Queue an interview prep for the demo user's best match."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=settings.DEMO_USERNAME).first()
        if user is None:
            self.stdout.write("No demo user: run manage.py load_demo first.")
            return
        if InterviewPrep.objects.filter(owner=user).exists():
            self.stdout.write("Demo interview prep already there.")
            return
        best = Match.objects.filter(profile__owner=user).select_related("job").order_by("-score", "job_id").first()
        if best is None:
            self.stdout.write("No demo match yet: no interview prep.")
            return
        prep, _, _ = start_generation(user=user, job_id=best.job_id, profile_id=best.profile_id)
        self.stdout.write(f"Demo interview prep {prep.pk} queued for {best.job.title} at {best.job.company}.")
