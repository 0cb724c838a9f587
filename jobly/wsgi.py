"""WSGI entry point (management tooling only; the web server runs jobly.asgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
application = get_wsgi_application()
