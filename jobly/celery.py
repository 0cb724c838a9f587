"""The Celery app: configuration comes from Django settings (CELERY_ namespace)."""

import os
import sys

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")

app = Celery("jobly")


def _load_settings_or_exit():
    from django.conf import settings

    from jobly.env import SettingsError

    try:
        settings.SECRET_KEY  # noqa: B018  (forces the settings module to load and validate)
    except SettingsError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


_load_settings_or_exit()
app.config_from_object("django.conf:settings", namespace="CELERY")
# Queues: fast fan-out (default), network-bound work (io), CPU-heavy parsing and rendering (render).
app.conf.task_queues = (Queue("default"), Queue("io"), Queue("render"))
app.conf.visibility_timeout = app.conf.broker_transport_options.get("visibility_timeout")
app.autodiscover_tasks()
