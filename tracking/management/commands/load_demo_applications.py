"""Track the demo user's best matches across the pipeline (idempotent), through the tracking services.

A few applications at different stages, with dates spread over the last two weeks, a next action or two
and an interview coming, so the board, the dashboard and the analytics are meaningful on first sight.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from matching.models import Match
from tracking import pipeline
from tracking.services.applications import schedule_interview, track_job, update_application
from tracking.services.pipeline import change_status

# One line per application, best match first: the moves with how many days ago each happened, then
# the next action (text, due in days from now) and an interview in days from now.
DEMO_APPLICATIONS = [
    {"moves": [(pipeline.APPLIED, 11), (pipeline.SCREENING, 7), (pipeline.INTERVIEWING, 3)],
     "next_action": ("Prepare two system-design stories (the Celery pipeline, the Django migration)", 1), "interview": 2},
    {"moves": [(pipeline.APPLIED, 9), (pipeline.SCREENING, 2)], "next_action": ("Send the take-home exercise", 3)},
    {"moves": [(pipeline.APPLIED, 4)], "next_action": ("Follow up with the recruiter", 0)},
    {"moves": [(pipeline.APPLIED, 13), (pipeline.REJECTED, 5)]},
    {"moves": [], "next_action": ("Tailor the CV to the posting's AWS requirements", 2)},
    {"moves": []},
]


class Command(BaseCommand):
    help = "Track the demo user's best matches at different stages of the pipeline."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=settings.DEMO_USERNAME).first()
        if user is None:
            self.stdout.write("No demo user: run manage.py load_demo first.")
            return
        best = list(Match.objects.filter(profile__owner=user).select_related("profile")
                    .order_by("-score", "job_id")[: len(DEMO_APPLICATIONS)])
        now = timezone.now()
        created_count = 0
        for match, plan in zip(best, DEMO_APPLICATIONS):
            application, created = track_job(user=user, job_id=match.job_id, profile_id=match.profile_id, source="demo feed")
            if not created:
                continue
            created_count += 1
            for status, days_ago in plan["moves"]:
                change_status(user=user, application_id=application.pk, to=status, at=now - timedelta(days=days_ago))
            if "next_action" in plan:
                text, due_in = plan["next_action"]
                update_application(user=user, application_id=application.pk, next_action=text,
                                   next_action_due=(now + timedelta(days=due_in)).replace(hour=17, minute=0, second=0, microsecond=0))
            if "interview" in plan:
                start = (now + timedelta(days=plan["interview"])).replace(hour=15, minute=0, second=0, microsecond=0)
                schedule_interview(user=user, application_id=application.pk, scheduled_at=start,
                                   notes="Technical interview with the backend team")
        self.stdout.write(f"Demo applications: {created_count} tracked, {len(best) - created_count} kept.")
