"""Load the demo postings shipped in matching/data/demo (idempotent), give the demo user feeds and
score the demo profiles against them (so the matches page is full before any worker runs)."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from jobly.models import Profile
from matching.services import feeds, ingest
from matching.services.matches import recompute_matches
from matching.ingest.parse import parse_document
from matching.models import Feed

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
# (file, feed URL, feed title, source host, enabled): WWR is a real feed Beat can refresh later;
# the Google postings are a dataset snapshot with no live feed, so that feed stays switched off.
DEMO_FEEDS = [
    ("wwr-2022-11-remote-programming-jobs.rss", "https://weworkremotely.com/categories/remote-programming-jobs.rss",
     "We Work Remotely: programming", "weworkremotely.com", True),
    ("wwr-2022-11-remote-back-end-programming-jobs.rss", "https://weworkremotely.com/categories/remote-back-end-programming-jobs.rss",
     "We Work Remotely: back-end programming", "weworkremotely.com", True),
    ("google-careers-2018.rss", "https://careers.google.com/jobs/results/",
     "Google careers (2018 snapshot)", "careers.google.com", False),
]


class Command(BaseCommand):
    help = "Load about a hundred real postings (We Work Remotely, Google Job Skills), the demo user's feeds and matches."

    def handle(self, *args, **options):
        User = get_user_model()
        user = User.objects.filter(username=settings.DEMO_USERNAME).first()
        if user is None:
            call_command("load_demo", "--profile-only", stdout=self.stdout)
            user = User.objects.get(username=settings.DEMO_USERNAME)
        for filename, url, title, source, enabled in DEMO_FEEDS:
            feed, _ = Feed.objects.get_or_create(
                owner=user, url=url, defaults={"title": title, "enabled": enabled, "fetch_interval_minutes": 360}
            )
            parsed = parse_document((DEMO_DIR / filename).read_bytes())
            summary = ingest.ingest_entries(entries=parsed.entries, feed=feed, default_source=source)
            feeds.record_feed_success(feed_id=feed.pk, counts=summary["counts"], entries_seen=summary["entries"])
            counts = summary["counts"]
            self.stdout.write(
                f"{title}: {summary['entries']} entries, {counts['new']} new, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        for profile in Profile.objects.filter(owner=user):
            summary = recompute_matches(profile=profile, notify=False)
            best = profile.matches.order_by("-score").values_list("score", flat=True).first()
            self.stdout.write(f"{profile.name}: {summary['scored']} matches, best {best or 0:.0f}/100.")
