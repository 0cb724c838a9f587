"""Matching's reads: feeds with counts, the postings list and the match list with their filters and orderings.

Pages and the API call the same selectors, so a filter means the same thing in both.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobly.errors import NotFound
from jobly.models import Profile
from jobly.skills import normalize_skill
from matching.models import Feed, Job, Match
from matching.scoring.features import PERIOD_TO_YEAR
from matching.search import search

JOB_ORDERINGS = {
    "newest": ["-posted_at", "-first_seen_at", "-id"],
    "oldest": [F("posted_at").asc(nulls_last=True), "id"],
    "salary": [F("salary_max").desc(nulls_last=True), "-id"],
    "company": ["company", "title", "id"],
    "title": ["title", "id"],
    "relevance": [F("search_rank").desc(nulls_last=True), "-posted_at", "-id"],
}
# What no list shows (pages or API): the descriptions and the skill splits. Left out of list reads, they
# were most of the bytes read, sent and decoded per row; the detail reads load them.
LIST_DEFERRED_JOB_FIELDS = ("description_html", "description_text", "required_skills", "preferred_skills", "raw_hash")
LIST_DEFERRED_MATCH_FIELDS = ("components", "reasons", *(f"job__{name}" for name in LIST_DEFERRED_JOB_FIELDS))


def feeds_for_user(user):
    return Feed.objects.for_user(user).annotate(job_count=Count("jobs", distinct=True)).order_by("-is_shared", "title", "id")


def jobs_for_user(
    user, *, q="", remote=None, location="", salary_min=None, posted_since=None, feed=None, skill="", ordering=""
):
    """The jobs list: filters combine with AND; `ordering` is one of JOB_ORDERINGS (relevance with q)."""
    queryset = Job.objects.for_user(user).defer(*LIST_DEFERRED_JOB_FIELDS)
    if q:
        queryset = search(queryset, q)
    if remote:
        queryset = queryset.filter(remote_type__in=remote if isinstance(remote, (list, tuple)) else [remote])
    if location:
        queryset = queryset.filter(location__icontains=location.strip()[:100])
    if salary_min is not None:
        # Compare yearly salaries only: other periods are not comparable without assumptions.
        queryset = queryset.filter(salary_period="year").filter(Q(salary_max__gte=salary_min) | Q(salary_min__gte=salary_min))
    if posted_since is not None:
        queryset = queryset.filter(Q(posted_at__gte=posted_since) | Q(posted_at__isnull=True, first_seen_at__gte=posted_since))
    if feed is not None:
        visible_feeds = Feed.objects.for_user(user).filter(pk=feed)
        queryset = queryset.filter(feeds__in=visible_feeds)
    if skill:
        queryset = queryset.filter(skills__icontains=skill.strip()[:80]) if _is_sqlite() else queryset.filter(
            skills__contains=[_canonical_skill(skill)]
        )
    ordering = ordering if ordering in JOB_ORDERINGS else ("relevance" if q else "newest")
    if ordering == "relevance" and not (q and _is_postgres()):
        ordering = "newest"
    return queryset.order_by(*JOB_ORDERINGS[ordering]).distinct() if feed is not None else queryset.order_by(*JOB_ORDERINGS[ordering])


def job_detail_for_user(user, job_id):
    return (
        Job.objects.for_user(user)
        .prefetch_related(Prefetch("feeds", queryset=Feed.objects.for_user(user), to_attr="visible_feeds"))
        .filter(pk=job_id)
        .first()
    )


def posted_since_days(days):
    return timezone.now() - timedelta(days=days)


def _canonical_skill(name):
    return normalize_skill(name) or name.strip()


def _is_postgres():
    return connection.vendor == "postgresql"


def _is_sqlite():
    return connection.vendor == "sqlite"


# Matches

MATCH_ORDERINGS = {
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


def matches_for(profile, *, min_score=None, remote=None, posted_since=None, salary_min=None, ordering="score"):
    """The profile's matches with the list filters; `posted_since` a datetime, `salary_min` yearly."""
    queryset = (Match.objects.filter(profile=profile).select_related("job").defer(*LIST_DEFERRED_MATCH_FIELDS)
                .annotate(annual_salary=_annual_salary()))
    if min_score is not None:
        queryset = queryset.filter(score__gte=min_score)
    if remote:
        queryset = queryset.filter(job__remote_type__in=list(remote))
    if posted_since is not None:
        queryset = queryset.filter(job__posted_at__gte=posted_since)
    if salary_min is not None:
        queryset = queryset.filter(annual_salary__gte=salary_min)
    return queryset.order_by(*MATCH_ORDERINGS.get(ordering or "score", MATCH_ORDERINGS["score"])[1])


def last_computed_at(profile):
    return Match.objects.filter(profile=profile).order_by("-computed_at").values_list("computed_at", flat=True).first()
