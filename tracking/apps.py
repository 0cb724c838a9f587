"""The tracking app: applications, the pipeline, the activity timeline, reminders, the calendar feed and analytics."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Applications and analytics"
    # The core mounts these (jobly/urls.py): pages under url_prefix, the API module's `router` and `urlpatterns` in /api/.
    url_prefix = "applications/"
    page_urls = "tracking.urls"
    api_urls = "tracking.api"

    def ready(self):
        from django.conf import settings

        from jobly.dashboard import register_card
        from jobly.events import register_event_type, subscribe
        from jobly.notifications.digest import register_digest_section
        from jobly.page_actions import register_action
        from jobly.periodic import register_periodic
        from tracking import checks, tasks  # noqa: F401  (system checks, Celery tasks)
        from tracking.analytics.cache import connect as connect_analytics_cache
        from tracking.analytics.cache import topics as analytics_topics
        from tracking.dashboard_cards import applications_card, next_actions_card, weekly_progress_card
        from tracking.digest import next_actions, pipeline_movement
        from tracking.page_actions import track_button
        from tracking.services.timeline import on_interview_prep_ready, on_packet_ready

        register_event_type("application.reminder")
        connect_analytics_cache()
        # Cached like analytics: they read the same rows, retired by the same writes.
        register_card("next-actions", next_actions_card, order=6, cache_topics=analytics_topics)
        register_card("applications", applications_card, order=7, cache_topics=analytics_topics)
        register_card("weekly-progress", weekly_progress_card, order=8, cache_topics=analytics_topics)
        register_action("job", "track-application", track_button, order=30)
        register_action("match", "track-application", track_button, order=30)
        subscribe("packet.ready", on_packet_ready)
        subscribe("interview_prep.ready", on_interview_prep_ready)
        register_digest_section("pipeline-movement", pipeline_movement, order=20)
        register_digest_section("next-actions", next_actions, order=30)
        register_periodic("tracking.send_reminders", "tracking.send_reminders",
                          every_seconds=settings.TRACKING_REMINDER_INTERVAL_SECONDS)
