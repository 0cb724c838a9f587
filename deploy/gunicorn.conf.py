"""gunicorn settings for the Jobly web tier (`gunicorn -c deploy/gunicorn.conf.py jobly.asgi:application`).

Used by the Procfile (`make run`), the Dockerfile and Compose alike. Environment:
WEB_CONCURRENCY (worker processes), JOBLY_BIND and PORT (the one listening socket),
FORWARDED_ALLOW_IPS (proxies whose X-Forwarded-* headers are trusted), PROMETHEUS_MULTIPROC_DIR.
"""

import os

# Each web process shares a small pool of PostgreSQL connections between its request threads.
os.environ.setdefault("DB_POOL_MAX_SIZE", "4")

from django.conf import settings  # noqa: E402

import jobly  # noqa: E402, F401  (loads and validates the settings once, in the master, before any fork)
from jobly import serving  # noqa: E402

bind = [f"{os.environ.get('JOBLY_BIND', '127.0.0.1')}:{settings.PORT}"]
workers = settings.WEB_CONCURRENCY
worker_class = "jobly.asgi_worker.JoblyUvicornWorker"
# A worker silent for this long is restarted; uvicorn reports in while it serves long WebSockets.
timeout = 60
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None  # Django's AccessLogMiddleware writes one JSON line per request
errorlog = "-"
loglevel = settings.LOG_LEVEL.lower()
proc_name = "jobly-web"
# Signals are enough to manage it; a control socket at one per-user path would collide between servers.
control_socket_disable = True


def on_starting(server):
    serving.prepare_metrics_dir()


def child_exit(server, worker):
    serving.forget_worker_metrics(worker.pid)


def on_exit(server):
    serving.remove_metrics_dir()
