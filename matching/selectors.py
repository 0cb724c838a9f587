"""Reads of feeds and postings: the jobs list with its filters and sorting, feeds with counts."""

from datetime import timedelta

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from matching.models import Feed, Job
from matching.search import search

JOB_ORDERINGS = {
    "newest": ["-posted_at", "-first_seen_at", "-id"],
    "oldest": [F("posted_at").asc(nulls_last=True), "id"],
    "salary": [F("salary_max").desc(nulls_last=True), "-id"],
    "company": ["company", "title", "id"],
    "title": ["title", "id"],
    "relevance": [F("search_rank").desc(nulls_last=True), "-posted_at", "-id"],
}


def feeds_for_user(user):
    return Feed.objects.for_user(user).annotate(job_count=Count("jobs", distinct=True)).order_by("-is_shared", "title", "id")


def jobs_for_user(
    user, *, q="", remote=None, location="", salary_min=None, posted_since=None, feed=None, skill="", ordering=""
):
    """The jobs list: filters combine with AND; `ordering` is one of JOB_ORDERINGS (relevance with q)."""
    queryset = Job.objects.for_user(user)
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
    try:
        from jobly.skills import normalize_skill
    except ImportError:
        return name.strip()
    return normalize_skill(name) or name.strip()


def _is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def _is_sqlite():
    from django.db import connection

    return connection.vendor == "sqlite"
