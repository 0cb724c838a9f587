"""Read side of matches: the chosen profile, filtered and ordered match lists (shared by API and pages)."""

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import Coalesce

from jobly.errors import NotFound
from jobly.models import Profile
from matching.matches.models import Match
from matching.scoring.features import PERIOD_TO_YEAR

ORDERINGS = {
    "score": ("Best match", ("-score", "job_id")),
    "newest": ("Newest posting", (F("job__posted_at").desc(nulls_last=True), "-score", "job_id")),
    "salary": ("Highest salary", (F("annual_salary").desc(nulls_last=True), "-score", "job_id")),
    "title": ("Title A–Z", ("job__title", "-score", "job_id")),
    "company": ("Company A–Z", ("job__company", "-score", "job_id")),
}
REMOTE_TYPES = ("remote", "hybrid", "onsite", "unknown")


def chosen_profile(user, profile_id=None):
    """The profile asked for (404 when not the user's), else the default one, else the first; None if none."""
    profiles = Profile.objects.for_user(user)
    if profile_id not in (None, ""):
        profile = profiles.filter(pk=profile_id).first()
        if profile is None:
            raise NotFound("Profile not found.")
        return profile
    return profiles.order_by("-is_default", "id").first()


def _annual_salary():
    top = Coalesce("job__salary_max", "job__salary_min")
    factors = [When(job__salary_period=period, then=top * Value(factor)) for period, factor in PERIOD_TO_YEAR.items()]
    return Case(*factors, default=top, output_field=FloatField())


def matches_for(profile, *, min_score=None, remote=None, posted_since=None, min_salary=None, ordering="score"):
    """The profile's matches with the list filters; `posted_since` a datetime, `min_salary` yearly."""
    queryset = Match.objects.filter(profile=profile).select_related("job").annotate(annual_salary=_annual_salary())
    if min_score is not None:
        queryset = queryset.filter(score__gte=min_score)
    if remote:
        queryset = queryset.filter(job__remote_type__in=list(remote))
    if posted_since is not None:
        queryset = queryset.filter(job__posted_at__gte=posted_since)
    if min_salary is not None:
        queryset = queryset.filter(annual_salary__gte=min_salary)
    return queryset.order_by(*ORDERINGS.get(ordering or "score", ORDERINGS["score"])[1])


def last_computed_at(profile):
    return Match.objects.filter(profile=profile).order_by("-computed_at").values_list("computed_at", flat=True).first()
