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
# Worker logs go through Django's LOGGING (JSON lines with the request id), not Celery's own format.
app.conf.worker_hijack_root_logger = False
app.autodiscover_tasks()


def _connect_request_ids():
    from celery.signals import before_task_publish, task_prerun

    from jobly.logs import adopt_request_id, attach_request_id

    before_task_publish.connect(attach_request_id, weak=False)
    task_prerun.connect(adopt_request_id, weak=False)


_connect_request_ids()
