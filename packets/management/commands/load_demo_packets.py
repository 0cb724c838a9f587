"""A packet for the demo user's best match (idempotent): queued as a real background job, so the worker that
`make run` starts tailors and renders it, and the packet page shows the result on first sight."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from matching.models import Match
from packets.models import Packet
from packets.services.generate import start_generation


class Command(BaseCommand):
    help = "Queue a tailored packet (classic design) for the demo user's best match."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=settings.DEMO_USERNAME).first()
        if user is None:
            self.stdout.write("No demo user: run manage.py load_demo first.")
            return
        if Packet.objects.for_user(user).exists():
            self.stdout.write("Demo packet already there.")
            return
        best = Match.objects.filter(profile__owner=user).order_by("-score", "job_id").first()
        if best is None:
            self.stdout.write("No demo match yet: no packet.")
            return
        packet, _, _ = start_generation(user=user, match_id=best.pk, design="classic")
        self.stdout.write(f"Demo packet {packet.pk} queued for {best.job.title} at {best.job.company}.")
