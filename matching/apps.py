"""The matching app: feeds, ingestion, postings (Job), the scoring engine and matches."""

from django.apps import AppConfig

FETCH_DUE_FEEDS_EVERY_SECONDS = 60
NIGHTLY_RECOMPUTE = {"minute": "30", "hour": "2"}


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Feeds, postings and matches"
    # The core mounts these (jobly/urls.py): pages under url_prefix, the API module's `router` in /api/.
    url_prefix = ""
    page_urls = "matching.urls"
    api_urls = "matching.api"

    def ready(self):
        from jobly.dashboard import register_card
        from jobly.events import subscribe
        from jobly.periodic import register_periodic
        from matching import background_jobs, checks, metrics, tasks  # noqa: F401  (job types, checks, feed gauges, Celery tasks)
        from jobly.notifications.digest import register_digest_section
        from matching import read_cache
        from matching.dashboard_cards import feeds_card, top_matches_card
        from matching.digest import new_top_matches
        from matching.services.triggers import on_profile_updated

        register_card("top-matches", top_matches_card, order=5, wide=True, cache_topics=read_cache.top_matches_topics)
        register_card("feeds", feeds_card, order=20, cache_topics=read_cache.feeds_topics)
        read_cache.connect()
        subscribe("profile.updated", on_profile_updated)
        register_digest_section("new-top-matches", new_top_matches, order=10)
        register_periodic("matching.fetch_due_feeds", "matching.fetch_due_feeds",
                          every_seconds=FETCH_DUE_FEEDS_EVERY_SECONDS, queue="io")
        register_periodic("matching.nightly-recompute", "matching.recompute_all_profiles", crontab=NIGHTLY_RECOMPUTE)
