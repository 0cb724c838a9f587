"""The interviews app: interview preps (questions, STAR stories, gaps, questions to ask, a study plan) and practice."""

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interview preparation"
    # The core mounts these (jobly/urls.py): pages under url_prefix, the API module's `router` and `urlpatterns` in /api/.
    url_prefix = "interviews/"
    page_urls = "interviews.urls"
    api_urls = "interviews.api"

    def ready(self):
        from interviews import background_jobs, checks  # noqa: F401  (job type, system checks)
        from interviews.page_actions import prepare_button
        from interviews.services.feedback import on_feedback_finished
        from interviews.services.generate import READY_EVENT, on_generation_finished
        from jobly.events import register_event_type, subscribe
        from jobly.page_actions import register_action

        register_event_type(READY_EVENT)
        subscribe("job.failed", on_generation_finished)
        subscribe("job.cancelled", on_generation_finished)
        subscribe("job.failed", on_feedback_finished)
        subscribe("job.cancelled", on_feedback_finished)
        register_action("job", "prepare-interview", prepare_button, order=40)
        register_action("match", "prepare-interview", prepare_button, order=40)
