"""The packets app: a tailored CV and cover letter per profile and posting, rendered, checked and stored."""

from django.apps import AppConfig


class PacketsConfig(AppConfig):
    name = "packets"
    verbose_name = "Application packets"
    # The core mounts these (jobly/urls.py): pages under url_prefix, the API module's `router` in /api/.
    url_prefix = "packets/"
    page_urls = "packets.urls"
    api_urls = "packets.api"

    def ready(self):
        from jobly.page_actions import register_action
        from packets import background_jobs, checks, signals  # noqa: F401  (job types, system checks, file clean-up)
        from packets.page_actions import packet_button

        register_action("match", "generate-packet", packet_button, order=20)
