"""The weekly digest's "New top matches" section (registered from MatchingConfig.ready())."""

from django.conf import settings

from jobly.models import NotificationPreference
from matching.models import Match

LISTED = 10


def new_top_matches(user, since, until):
    """Matches made this week at or above the user's e-mail threshold, best first."""
    preference = NotificationPreference.objects.filter(user=user).first()
    threshold = preference.match_threshold if preference else NotificationPreference._meta.get_field("match_threshold").default
    matches = (Match.objects.for_user(user).filter(created_at__gte=since, created_at__lt=until, score__gte=threshold)
               .select_related("job").order_by("-score", "job_id")[:LISTED])
    site = settings.SITE_URL.rstrip("/")
    items = [{"text": f"{match.score:.0f} · {match.job.title} at {match.job.company}", "url": f"{site}/matches/{match.pk}/"}
             for match in matches]
    return {"title": "New top matches", "items": items} if items else None
